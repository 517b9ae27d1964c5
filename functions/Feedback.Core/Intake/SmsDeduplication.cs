using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Feedback.Core.Input;
using Feedback.Core.Items;

namespace Feedback.Core.Intake;

/// <summary>
/// The idempotency key of an inbound Kavenegar SMS: the same message forwarded again (Kavenegar retries
/// when our answer is slow or lost) gets the same key, so storing it insert-if-absent creates nothing new.
/// </summary>
public static class SmsDeduplication
{
    private const int MaxMessageIdLength = 64;

    /// <summary>
    /// "mid-{messageid}" when Kavenegar gave a message id. Without one: "sha256-{hex}" over the canonical
    /// sender (E.164 when it is an Iranian mobile), the receiving line, the text exactly as received and the
    /// UTC minute of receipt. A redelivery that lands in the next minute gets another key, a limit of the
    /// content key that only the provider's id avoids.
    /// </summary>
    /// <remarks>
    /// The key is used as a table row key and a queue message id, so a message id with characters those
    /// cannot hold (or an absurdly long one) is hashed rather than used as it is.
    /// </remarks>
    public static string Key(string? providerMessageId, string sender, string receivingLine, string text, DateTimeOffset receivedAt)
    {
        var messageId = providerMessageId?.Trim();
        if (!string.IsNullOrEmpty(messageId))
            return IsSafeToken(messageId) ? "mid-" + messageId : "mid-sha256-" + Sha256Hex(messageId);

        var parsedSender = IranianMobile.Parse(sender);
        var canonicalSender = parsedSender.IsValid ? parsedSender.Mobile.E164 : sender.Trim();
        var line = receivingLine.Trim();
        var minute = receivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

        // Length prefixes keep the fields apart whatever they contain; the minute has a fixed width and the text comes last.
        var content = $"{canonicalSender.Length}:{canonicalSender}{line.Length}:{line}{minute}{text}";
        return "sha256-" + Sha256Hex(content);
    }

    /// <summary>
    /// The item shard (<see cref="TrackingCode.Shard"/>) an SMS with this key is stored in, a function of the key
    /// alone: its claim (key to code) and its item go in that shard's partition, in one transaction, and a redelivery
    /// looks for the claim there.
    /// </summary>
    public static int Shard(string deduplicationKey)
    {
        ArgumentNullException.ThrowIfNull(deduplicationKey);
        return (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(deduplicationKey)), 0) % TrackingCode.Shards);
    }

    private static bool IsSafeToken(string value) =>
        value.Length <= MaxMessageIdLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
