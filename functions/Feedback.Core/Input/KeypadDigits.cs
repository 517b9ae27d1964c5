using System.Globalization;

namespace Feedback.Core.Input;

/// <summary>
/// Digits as Iranians type them: a Persian keyboard gives ۰-۹, an Arabic one ٠-٩, others 0-9.
/// Only these three scripts count; other decimal digits (Devanagari, full-width, …) are not something
/// a citizen's phone produces here, so they are treated as any other character.
/// </summary>
internal static class KeypadDigits
{
    /// <summary>The digit's value 0-9, or -1 when <paramref name="c"/> is not a digit of the three scripts.</summary>
    public static int ValueOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= '\u06F0' and <= '\u06F9' => c - '\u06F0',
        >= '\u0660' and <= '\u0669' => c - '\u0660',
        _ => -1,
    };

    public static bool IsDigit(char c) => ValueOf(c) >= 0;

    /// <summary>
    /// Invisible marks that copying a number out of right-to-left text brings along (LRM, RLM, ZWNJ,
    /// bidi embeddings, BOM): never meaningful inside a number, so ignored like a space.
    /// </summary>
    public static bool IsInvisibleMark(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
