namespace Feedback.Core.Privacy;

/// <summary>
/// A citizen's text as staff and analysts are shown it (pages, exports): without the Unicode controls that reorder
/// what follows them (embeddings, overrides and isolates, U+202A–U+202E and U+2066–U+2069), with which a message
/// can make a number or a file name read backwards. The zero-width non-joiner (U+200C), part of Persian spelling,
/// and the directional marks (U+200E, U+200F), which only nudge neutral characters, are kept.
/// </summary>
public static class ShownText
{
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAny(BidiControls) < 0 ? text : string.Concat(text.Where(c => !BidiControls.Contains(c)));
    }

    public static bool IsBidiControl(char c) => BidiControls.Contains(c);

    private static readonly System.Buffers.SearchValues<char> BidiControls =
        System.Buffers.SearchValues.Create("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");
}
