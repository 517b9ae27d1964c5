namespace Feedback.Kavenegar.StandIn;

/// <summary>
/// How many SMS parts a text takes, for the stand-in's charges: a text with any character outside ASCII goes as UCS-2
/// (70 UTF-16 units in one part, 67 per part when split), anything else as 7-bit text (160, 153 per part).
/// </summary>
internal static class SmsParts
{
    public static int Count(string text)
    {
        var unicode = text.Any(character => character > '\u007F');
        var (single, perPart) = unicode ? (70, 67) : (160, 153);
        return text.Length <= single ? 1 : (text.Length + perPart - 1) / perPart;
    }
}
