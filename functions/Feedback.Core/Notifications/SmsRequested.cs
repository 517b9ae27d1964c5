using System.Text.Json;
using System.Text.Json.Serialization;
using Feedback.Core.Messaging;
using Feedback.Core.Privacy;

namespace Feedback.Core.Notifications;

/// <summary>Why an SMS goes out. Confirmations answer something the citizen just sent, so they ignore quiet hours and the daily cap.</summary>
public enum SmsKind
{
    Acknowledgement,
    StatusUpdate,
    Survey,
    OptOutConfirmation,
    OptInConfirmation,
}

/// <summary>
/// The message on the notifications queue: one SMS to one citizen, its text final. <see cref="Key"/> names
/// the SMS for good ("1234567890-ack"): however often the message is delivered, deferred or replayed, one
/// key is sent at most once. The phone travels encrypted, never in plain text.
/// <para>
/// Version 2 is <c>{"version":2,"key":…,"kind":0,"encryptedPhone":…,"phoneHash":…,"text":…}</c>, the kind as its
/// number as before; version 1, written before versions existed, had the same fields in PascalCase (and an
/// <c>IsConfirmation</c> that is derived, so ignored), and still reads. A build from before versions reads version 2 too.
/// </para>
/// </summary>
public sealed record SmsRequested(string Key, SmsKind Kind, string EncryptedPhone, PhoneHash PhoneHash, string Text) : IQueueMessage<SmsRequested>
{
    public const int Version = 2;

    public static string Queue => Queues.Notifications;

    public bool IsConfirmation => Kind is SmsKind.OptOutConfirmation or SmsKind.OptInConfirmation;

    /// <summary>The queue message, by default under its key; its kind also travels as the "kind" property (Service Bus Explorer shows it).</summary>
    public OutgoingMessage ToMessage(string? messageId = null) =>
        new(messageId ?? Key, Serialize(), new Dictionary<string, string> { ["kind"] = Kind.ToString() });

    public byte[] Serialize() =>
        JsonSerializer.SerializeToUtf8Bytes(new Body(Version, Key, Kind, EncryptedPhone, PhoneHash.Value, Text), SmsRequestedJson.Default.Body);

    public static SmsRequested? Deserialize(ReadOnlySpan<byte> body)
    {
        Body? read;
        try
        {
            read = JsonSerializer.Deserialize(body, SmsRequestedJson.Default.Body);
        }
        catch (JsonException)
        {
            return null;
        }
        return read is { Version: null or Version, Key: { } key, Kind: { } kind, EncryptedPhone: { } phone, PhoneHash: { } hash, Text: { } text } && Enum.IsDefined(kind) && !string.IsNullOrWhiteSpace(hash)
            ? new SmsRequested(key, kind, phone, new PhoneHash(hash), text)
            : null;
    }

    internal sealed record Body(int? Version, string? Key, SmsKind? Kind, string? EncryptedPhone, string? PhoneHash, string? Text);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SmsRequested.Body))]
internal sealed partial class SmsRequestedJson : JsonSerializerContext;
