using System.Buffers;

namespace Feedback.Core.Notifications;

/// <summary>How an SMS's text travels: GSM 7-bit when every character is in the GSM alphabet, otherwise UCS-2.</summary>
public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>
/// How many segments (billed parts) an SMS takes, counted the way operators and Kavenegar count them.
/// UCS-2 (any Persian text): 70 UTF-16 code units in a single message, 67 per part of a longer one, so two
/// segments hold 134. GSM 7-bit: 160 septets single, 153 per part; a character of the GSM extension table
/// (€ [ ] { } ^ ~ | \ and form feed) is an escape plus a septet, so it counts 2.
/// </summary>
/// <remarks>
/// A part never ends between the two halves of a surrogate pair (UCS-2) or between an escape and its
/// character (GSM 7-bit): senders move the pair whole to the next part, which can cost a segment earlier
/// than dividing the length by the part size suggests. Counting that way is never lower than the bill.
/// </remarks>
public static class SmsSegments
{
    public const int Gsm7SingleLength = 160;
    public const int Gsm7PartLength = 153;
    public const int Ucs2SingleLength = 70;
    public const int Ucs2PartLength = 67;

    // GSM 03.38 default alphabet, without the escape that introduces the extension table.
    private static readonly SearchValues<char> Gsm7Basic = SearchValues.Create(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");

    private static readonly SearchValues<char> Gsm7Extension = SearchValues.Create("\f^{}\\[~]|€");

    public static SmsEncoding EncodingOf(string text)
    {
        foreach (var c in text)
        {
            if (!Gsm7Basic.Contains(c) && !Gsm7Extension.Contains(c))
                return SmsEncoding.Ucs2;
        }
        return SmsEncoding.Gsm7;
    }

    /// <summary>The number of segments <paramref name="text"/> is sent and billed as; an empty text is still one message.</summary>
    public static int Count(string text) =>
        EncodingOf(text) == SmsEncoding.Gsm7
            ? Count(text, Gsm7SingleLength, Gsm7PartLength, static c => Gsm7Extension.Contains(c) ? 2 : 1, static _ => false)
            : Count(text, Ucs2SingleLength, Ucs2PartLength, static _ => 1, char.IsHighSurrogate);

    public static bool FitsIn(string text, int maxSegments) => Count(text) <= maxSegments;

    /// <summary>
    /// The most units (UTF-16 code units or septets) <paramref name="segments"/> segments hold. A text that long can
    /// still need one more segment when a part boundary falls inside a pair; <see cref="FitsIn"/> is the authority.
    /// </summary>
    public static int Capacity(SmsEncoding encoding, int segments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        return (encoding, segments) switch
        {
            (SmsEncoding.Gsm7, 1) => Gsm7SingleLength,
            (SmsEncoding.Gsm7, _) => segments * Gsm7PartLength,
            (_, 1) => Ucs2SingleLength,
            _ => segments * Ucs2PartLength,
        };
    }

    private static int Count(string text, int singleLength, int partLength, Func<char, int> unitsOf, Func<char, bool> startsPair)
    {
        var total = 0;
        foreach (var c in text)
            total += unitsOf(c);
        if (total <= singleLength)
            return 1;

        var parts = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var units = unitsOf(text[i]);
            if (startsPair(text[i]) && i + 1 < text.Length)
            {
                i++;
                units++;
            }
            if (used + units > partLength)
            {
                parts++;
                used = 0;
            }
            used += units;
        }
        return parts;
    }
}
