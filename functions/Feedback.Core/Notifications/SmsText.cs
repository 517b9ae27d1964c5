using System.Globalization;
using System.Text;

namespace Feedback.Core.Notifications;

/// <summary>Fitting variable text into an SMS of bounded length: whitespace tidied, long text shortened at a word with «…».</summary>
internal static class SmsText
{
    public const char Ellipsis = '…';

    /// <summary>The text trimmed, with every run of whitespace (newlines included) made one space.</summary>
    public static string Tidy(string text)
    {
        var tidy = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
                tidy.Append(' ');
            tidy.Append(c);
            pendingSpace = false;
        }
        return tidy.ToString();
    }

    /// <summary>
    /// <paramref name="compose"/>(<paramref name="value"/>) when that fits in <paramref name="maxSegments"/>;
    /// otherwise <paramref name="compose"/> with the value shortened as little as makes it fit.
    /// </summary>
    public static string FitSlot(Func<string, string> compose, string value, int maxSegments)
    {
        var whole = compose(value);
        if (SmsSegments.FitsIn(whole, maxSegments))
            return whole;

        var skeleton = compose(string.Empty);
        var budget = SmsSegments.Capacity(SmsSegments.EncodingOf(whole), maxSegments) - skeleton.Length;
        for (; budget > 0; budget--)
        {
            var fitted = compose(Shorten(value, budget));
            if (SmsSegments.FitsIn(fitted, maxSegments))
                return fitted;
        }
        throw new InvalidOperationException("The message leaves no room for its variable text.");
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxLength"/> UTF-16 code units including a closing «…»,
    /// after the last whole word that fits; inside a word only when the first word alone is too long, and then
    /// never inside a surrogate pair.
    /// </summary>
    public static string Shorten(string text, int maxLength)
    {
        if (text.Length <= maxLength)
            return text;
        if (maxLength <= 1)
            return maxLength == 1 ? Ellipsis.ToString() : string.Empty;

        var room = maxLength - 1;
        if (char.IsLowSurrogate(text[room]))
            room--;

        var lastSpace = text.LastIndexOf(' ', room);
        var cut = lastSpace > 0 ? lastSpace : room;

        var kept = text.AsSpan(0, cut).TrimEnd();
        while (kept.Length > 0 && IsDanglingEnd(kept[^1]))
            kept = kept[..^1].TrimEnd();
        return string.Concat(kept, Ellipsis.ToString());
    }

    // Punctuation before «…» reads as a stutter, and a joiner or mark left at the end belongs to a cut word.
    private static bool IsDanglingEnd(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.OtherPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark;
}
