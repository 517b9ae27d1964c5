using System.Text.RegularExpressions;

namespace Feedback.Core.Trends;

/// <summary>
/// What an analyst reads of a citizen's message in a drill-down: the beginning (enough to see what a complaint is
/// about), with the personal data that can be recognised masked: every run of three or more digits in any script,
/// also when split by spaces, dashes or dots (phone numbers, national codes, plates, account and bill numbers), and
/// e-mail addresses. Names and addresses in words cannot be recognised reliably: the excerpt is short for that reason.
/// </summary>
public static partial class AnalystExcerpt
{
    public const int MaxLength = 160;

    public const string Mask = "***";

    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = DigitRun().Replace(Email().Replace(Privacy.ShownText.Clean(text), Mask), Mask);
        var oneLine = Whitespace().Replace(masked, " ").Trim();
        if (oneLine.Length <= MaxLength)
            return oneLine;
        var cut = char.IsHighSurrogate(oneLine[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Concat(oneLine.AsSpan(0, cut).TrimEnd(), "…");
    }

    [GeneratedRegex(@"\d(?:[ \-.\u200c]?\d){2,}")]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"[^\s@]+@[^\s@]+")]
    private static partial Regex Email();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
