namespace Feedback.Browser.Tests;

/// <summary>Persian digits as the pages show them, and back to the ASCII the API and the store use.</summary>
public static class Digits
{
    public static string ToPersian(string ascii) =>
        string.Concat(ascii.Select(c => c is >= '0' and <= '9' ? (char)('\u06F0' + (c - '0')) : c));

    public static string ToAscii(string persian) =>
        string.Concat(persian.Select(c => c is >= '\u06F0' and <= '\u06F9' ? (char)('0' + (c - '\u06F0')) : c));
}
