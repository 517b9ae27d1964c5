using System.Buffers;
using System.Globalization;
using Feedback.Core.Input;

namespace Feedback.Core.Intake;

/// <summary>
/// A citizen's SMS reply to a satisfaction survey: an optional leading rating 1–5 and the rest as text.
/// "۵ ممنون از پیگیری" is rating 5 with text; "۲ ساعت در صف بودم" is a complaint about two hours,
/// not rating 2, because the digit is a quantity.
/// </summary>
public readonly record struct SurveyReply(int? Rating, string Text)
{
    private const char ZeroWidthNonJoiner = '\u200C';

    /// <summary>
    /// Words that make a leading digit a quantity (time, money, counts, sizes, times of day), as stems:
    /// <see cref="UnitSuffixes"/> covers the forms built on them (ماهه، روزه، ساعته، تومانی، نفره، روزها).
    /// Finglish stems are compared case-insensitively.
    /// </summary>
    private static readonly HashSet<string> UnitStems = new(StringComparer.OrdinalIgnoreCase)
    {
        "ثانیه", "دقیقه", "ساعت", "روز", "شب", "شبانه‌روز", "هفته", "ماه", "سال",
        "صبح", "ظهر", "عصر",
        "بار", "دفعه", "مرتبه", "نوبت", "تا", "عدد", "نفر", "برابر", "قسط", "درصد",
        "تومان", "تومن", "ریال", "هزار", "میلیون", "میلیارد",
        "متر", "کیلومتر", "کیلو", "لیتر",
        "saat", "rooz", "ruz", "hafte", "mah", "maah", "sal", "saal", "daghighe", "dagighe",
        "bar", "dafe", "ta", "nafar", "toman", "tomen", "rial", "hezar", "darsad",
    };

    private static readonly string[] UnitSuffixes =
    [
        "", "ه", "ی", "ها", "های", "\u200Cها", "\u200Cهای", "\u200Cای", "ه\u200Cای", "e", "ha",
    ];

    /// <summary>Characters that join digits into one number: decimal points (۲/۵ ساعت), thousands and times (۵:۳۰).</summary>
    private static readonly SearchValues<char> NumberJoiners = SearchValues.Create("./,:٫٬،");

    private static readonly SearchValues<char> PercentSigns = SearchValues.Create("%٪");

    public static SurveyReply Parse(string? message)
    {
        var text = TrimInvisible(message ?? string.Empty);
        if (text.Length == 0)
            return new SurveyReply(null, string.Empty);

        var rating = KeypadDigits.ValueOf(text[0]);
        var afterDigit = text.AsSpan(1);
        if (rating is < 1 or > 5 || ContinuesNumber(afterDigit) || StartsWithUnit(afterDigit))
            return new SurveyReply(null, text);

        return new SurveyReply(rating, TrimInvisible(SkipSeparators(afterDigit).ToString()));
    }

    private static bool ContinuesNumber(ReadOnlySpan<char> afterDigit) =>
        afterDigit.Length > 0
        && (KeypadDigits.IsDigit(afterDigit[0])
            || PercentSigns.Contains(afterDigit[0])
            || (afterDigit.Length > 1 && NumberJoiners.Contains(afterDigit[0]) && KeypadDigits.IsDigit(afterDigit[1])));

    private static bool StartsWithUnit(ReadOnlySpan<char> afterDigit)
    {
        var start = 0;
        while (start < afterDigit.Length && (char.IsWhiteSpace(afterDigit[start]) || KeypadDigits.IsInvisibleMark(afterDigit[start])))
            start++;

        var end = start;
        while (end < afterDigit.Length && IsWordCharacter(afterDigit[end]))
            end++;

        if (end == start)
            return false;

        var word = WithPersianLetters(afterDigit[start..end]);
        foreach (var suffix in UnitSuffixes)
        {
            if (word.Length > suffix.Length
                && word.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && UnitStems.Contains(word[..^suffix.Length]))
                return true;
        }
        return false;
    }

    private static bool IsWordCharacter(char c) =>
        char.IsLetter(c) || c == ZeroWidthNonJoiner || char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    /// <summary>Arabic keyboards type ي and ك where Persian has ی and ک; the unit table is in Persian letters.</summary>
    private static string WithPersianLetters(ReadOnlySpan<char> word) =>
        word.ToString().Replace('ي', 'ی').Replace('ى', 'ی').Replace('ك', 'ک');

    /// <summary>What may stand between the rating and the text: "5 - ممنون", "4. خوب بود", "3، کند بود", "۵) عالی".</summary>
    private static ReadOnlySpan<char> SkipSeparators(ReadOnlySpan<char> afterDigit)
    {
        var i = 0;
        while (i < afterDigit.Length && IsSeparator(afterDigit[i]))
            i++;
        return afterDigit[i..];
    }

    // Opening brackets and quotes begin the text: "5 (عالی)" keeps its parenthesis.
    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c)
        || KeypadDigits.IsInvisibleMark(c)
        || (char.IsPunctuation(c)
            && char.GetUnicodeCategory(c) is not (UnicodeCategory.OpenPunctuation or UnicodeCategory.InitialQuotePunctuation));

    private static string TrimInvisible(string text)
    {
        var span = text.AsSpan();
        var start = 0;
        while (start < span.Length && IsBlank(span[start]))
            start++;
        var end = span.Length;
        while (end > start && IsBlank(span[end - 1]))
            end--;
        return span[start..end].ToString();
    }

    private static bool IsBlank(char c) => char.IsWhiteSpace(c) || KeypadDigits.IsInvisibleMark(c);
}
