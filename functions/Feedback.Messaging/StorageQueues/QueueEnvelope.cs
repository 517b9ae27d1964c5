using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Messaging.StorageQueues;

/// <summary>
/// What a Storage Queue message's text carries, since the service has no message id of the sender's choosing
/// and no properties: JSON with the MessageId, the properties and the body (base64), itself base64-encoded
/// so the text is always safe inside the service's XML.
/// </summary>
internal sealed record QueueEnvelope(
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("properties")] IReadOnlyDictionary<string, string> Properties,
    [property: JsonPropertyName("body")] byte[] Body)
{
    public string Encode() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this, QueueEnvelopeJsonContext.Default.QueueEnvelope));

    /// <summary>The envelope in a message's text, or null when the text is not one (a message put by another tool).</summary>
    public static QueueEnvelope? TryDecode(string messageText)
    {
        var buffer = new byte[messageText.Length];
        if (!Convert.TryFromBase64String(messageText, buffer, out var written))
            return null;
        try
        {
            var envelope = JsonSerializer.Deserialize(buffer.AsSpan(0, written), QueueEnvelopeJsonContext.Default.QueueEnvelope);
            return envelope is { MessageId: not null, Properties: not null, Body: not null } ? envelope : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(QueueEnvelope))]
internal sealed partial class QueueEnvelopeJsonContext : JsonSerializerContext;
