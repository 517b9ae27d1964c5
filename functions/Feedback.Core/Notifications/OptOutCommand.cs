using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Feedback.Core.Input;

namespace Feedback.Core.Notifications;

/// <summary>What an incoming SMS asks of the survey subscription, if anything.</summary>
public enum SmsCommand
{
    /// <summary>Not a command: the message is feedback.</summary>
    None,

    OptOut,

    OptIn,
}

/// <summary>
/// Opt-out and opt-in commands, recognized only as a WHOLE message: «لغو ۱۱» is a command, while a complaint
/// that mentions «لغو» («قرارداد را لغو کردند و …») is feedback. Spacing, ZWNJ and other invisible marks, tatweel,
/// diacritics, Arabic ي/ى/ك, the digit script, letter case and punctuation or emoji around the command do not matter.
/// </summary>
public static class OptOutCommand
{
    private const int Tatweel = 'ـ';

    /// <summary>The product's command table, written as people type the commands.</summary>
    private static readonly (string Phrase, SmsCommand Command)[] Table =
    [
        ("لغو", SmsCommand.OptOut),
        ("لغو ۱۱", SmsCommand.OptOut),
        ("۱۱", SmsCommand.OptOut),
        ("انصراف", SmsCommand.OptOut),
        ("لغو عضویت", SmsCommand.OptOut),
        ("لغو اشتراک", SmsCommand.OptOut),
        ("لغو ارسال", SmsCommand.OptOut),
        ("stop", SmsCommand.OptOut),
        ("off", SmsCommand.OptOut),
        ("unsubscribe", SmsCommand.OptOut),
        ("laghv", SmsCommand.OptOut),
        ("laghv 11", SmsCommand.OptOut),
        ("enseraf", SmsCommand.OptOut),
        ("عضویت", SmsCommand.OptIn),
        ("عضویت مجدد", SmsCommand.OptIn),
        ("فعال", SmsCommand.OptIn),
        ("فعال‌سازی", SmsCommand.OptIn),
        ("start", SmsCommand.OptIn),
        ("on", SmsCommand.OptIn),
        ("ozviat", SmsCommand.OptIn),
    ];

    private static readonly FrozenDictionary<string, SmsCommand> CommandsByKey =
        Table.ToFrozenDictionary(entry => Key(entry.Phrase), entry => entry.Command, StringComparer.Ordinal);

    public static SmsCommand Parse(string? text) =>
        text is not null && CommandsByKey.TryGetValue(Key(text), out var command) ? command : SmsCommand.None;

    /// <summary>
    /// The message reduced to what tells commands apart: surrounding punctuation, symbols and emoji dropped;
    /// spaces, invisible marks, tatweel, diacritics and dashes dropped everywhere; Persian letters, ASCII digits, lower case.
    /// </summary>
    internal static string Key(string text)
    {
        var runes = text.EnumerateRunes().ToArray();
        var start = 0;
        var end = runes.Length;
        while (start < end && IsSurrounding(runes[start]))
            start++;
        while (end > start && IsSurrounding(runes[end - 1]))
            end--;

        var key = new StringBuilder(text.Length);
        for (var i = start; i < end; i++)
        {
            var rune = runes[i];
            if (IsIgnoredInside(rune))
                continue;
            if (rune.IsBmp && KeypadDigits.ValueOf((char)rune.Value) is var digit and >= 0)
                key.Append((char)('0' + digit));
            else
                key.Append(Rune.ToLowerInvariant(PersianLetter(rune)).ToString());
        }
        return key.ToString();
    }

    private static Rune PersianLetter(Rune rune) => rune.Value switch
    {
        'ي' or 'ى' => new Rune('ی'),
        'ك' => new Rune('ک'),
        _ => rune,
    };

    private static bool IsSurrounding(Rune rune) =>
        IsIgnoredInside(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
            or UnicodeCategory.OtherSymbol;

    private static bool IsIgnoredInside(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || rune.Value == Tatweel
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.DashPunctuation or UnicodeCategory.ConnectorPunctuation;
}
