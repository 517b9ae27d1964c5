using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Feedback.Core.Messaging;

namespace Feedback.Messaging.StorageQueues;

/// <summary>
/// The transport port over Azure Storage Queues (Azurite locally), through Azure.Storage.Queues. Each message's
/// text is a base64 <see cref="QueueEnvelope"/> carrying MessageId, properties and body; messages never expire
/// (TTL -1); <see cref="OutgoingMessage.NotBefore"/> becomes the initial visibility timeout (at most 7 days ahead);
/// dead letters go to "&lt;queue&gt;-poison" with a "deadLetterReason" property. Queues are created on first use.
/// Storage Queues have no duplicate detection: the same MessageId sent twice is delivered twice, and a
/// message can be delivered again after its lease ends, so handlers are idempotent on MessageId.
/// </summary>
public sealed class StorageQueueTransport(QueueServiceClient queues) : IMessageSender, IMessageReceiver
{
    public const string PoisonQueueSuffix = "-poison";
    public const string DeadLetterReasonProperty = "deadLetterReason";
    public const int MaxMessagesPerReceive = 32;

    /// <summary>The service's limit on a message's (encoded) text.</summary>
    public const int MaxMessageTextLength = 64 * 1024;

    private static readonly TimeSpan MaxVisibilityTimeout = TimeSpan.FromDays(7);

    /// <summary>The service's "never expires".</summary>
    private static readonly TimeSpan NoExpiry = TimeSpan.FromSeconds(-1);

    private readonly ConcurrentDictionary<string, QueueClient> createdQueues = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentOutOfRangeException">NotBefore is more than 7 days ahead.</exception>
    public async Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var (text, visibilityTimeout) = Prepare(message);
        var client = await QueueAsync(queue, cancellationToken);
        await client.SendMessageAsync(text, visibilityTimeout, NoExpiry, cancellationToken);
    }

    /// <summary>
    /// One Put Message per message, in order, since Storage Queues have no batch send. Every message is
    /// checked before the first is sent, so a bad one does not leave half a batch behind.
    /// </summary>
    public async Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prepared = messages.Select(Prepare).ToList();
        var client = await QueueAsync(queue, cancellationToken);
        foreach (var (text, visibilityTimeout) in prepared)
            await client.SendMessageAsync(text, visibilityTimeout, NoExpiry, cancellationToken);
    }

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(
        string queue, int maxMessages, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerReceive);
        if (lease < TimeSpan.FromSeconds(1) || lease > MaxVisibilityTimeout)
            throw new ArgumentOutOfRangeException(nameof(lease), lease, "A lease is 1 second to 7 days.");
        var client = await QueueAsync(queue, cancellationToken);
        QueueMessage[] received = await client.ReceiveMessagesAsync(maxMessages, WholeSeconds(lease), cancellationToken);
        return received.Select(Read).ToList();
    }

    public async Task CompleteAsync(string queue, ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var client = await QueueAsync(queue, cancellationToken);
        await client.DeleteMessageAsync(message.TransportId, message.Receipt, cancellationToken);
    }

    /// <summary>Update Message with a new visibility timeout and no new text: the service keeps the text and the dequeue count.</summary>
    public async Task AbandonAsync(string queue, ReceivedMessage message, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (retryAfter < TimeSpan.Zero || retryAfter > MaxVisibilityTimeout)
            throw new ArgumentOutOfRangeException(nameof(retryAfter), retryAfter, "A retry is 0 seconds to 7 days away.");
        var client = await QueueAsync(queue, cancellationToken);
        await client.UpdateMessageAsync(message.TransportId, message.Receipt, (string?)null, WholeSeconds(retryAfter), cancellationToken);
    }

    /// <summary>Puts the envelope, with the reason added, on "&lt;queue&gt;-poison", then deletes the original:
    /// a crash between the two leaves the message in both places, never in neither.</summary>
    public async Task DeadLetterAsync(string queue, ReceivedMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reason);
        var properties = new Dictionary<string, string>(message.Properties, StringComparer.Ordinal)
        {
            [DeadLetterReasonProperty] = reason,
        };
        var text = EncodeWithinLimit(new QueueEnvelope(message.MessageId, properties, message.Body.ToArray()), nameof(reason));
        var poison = await QueueAsync(queue + PoisonQueueSuffix, cancellationToken);
        await poison.SendMessageAsync(text, TimeSpan.Zero, NoExpiry, cancellationToken);
        await CompleteAsync(queue, message, cancellationToken);
    }

    private static (string Text, TimeSpan VisibilityTimeout) Prepare(OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var visibilityTimeout = message.NotBefore is { } notBefore
            ? VisibilityTimeoutUntil(notBefore, nameof(message))
            : TimeSpan.Zero;
        var text = EncodeWithinLimit(new QueueEnvelope(message.MessageId, message.Properties, message.Body.ToArray()), nameof(message));
        return (text, visibilityTimeout);
    }

    private static string EncodeWithinLimit(QueueEnvelope envelope, string parameterName)
    {
        var text = envelope.Encode();
        if (text.Length > MaxMessageTextLength)
            throw new ArgumentException(
                $"Message '{envelope.MessageId}' is {text.Length} characters once encoded; Storage Queues take at most {MaxMessageTextLength}.",
                parameterName);
        return text;
    }

    private async ValueTask<QueueClient> QueueAsync(string queue, CancellationToken cancellationToken)
    {
        ValidateQueueName(queue);
        if (createdQueues.TryGetValue(queue, out var created))
            return created;
        var client = queues.GetQueueClient(queue);
        await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        return createdQueues.GetOrAdd(queue, client);
    }

    private static ReceivedMessage Read(QueueMessage message)
    {
        var text = message.MessageText;
        var envelope = QueueEnvelope.TryDecode(text)
            // A message put by another tool still reaches its handler (whose failures dead-letter it)
            // instead of wedging the queue: its id is the service's, its body the raw text.
            ?? new QueueEnvelope(message.MessageId, new Dictionary<string, string>(), Encoding.UTF8.GetBytes(text));
        return new ReceivedMessage(
            envelope.MessageId, envelope.Body, envelope.Properties, (int)message.DequeueCount, message.PopReceipt, message.MessageId);
    }

    private static TimeSpan VisibilityTimeoutUntil(DateTimeOffset notBefore, string parameterName)
    {
        var delay = notBefore - DateTimeOffset.UtcNow;
        if (delay > MaxVisibilityTimeout)
            throw new ArgumentOutOfRangeException(
                parameterName, notBefore, "Storage Queues can hide a message for at most 7 days: NotBefore is further ahead.");
        return delay > TimeSpan.Zero ? WholeSeconds(delay) : TimeSpan.Zero;
    }

    /// <summary>Whole seconds (the service's unit), rounded up so a message never shows before its time.</summary>
    private static TimeSpan WholeSeconds(TimeSpan span) => TimeSpan.FromSeconds(Math.Ceiling(span.TotalSeconds));

    /// <summary>Lowercase letters, digits and single hyphens, 3 to 63 long, starting and ending with a letter or digit.</summary>
    private static string ValidateQueueName(string queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var valid = queue.Length is >= 3 and <= 63
            && char.IsAsciiLetterOrDigit(queue[0]) && char.IsAsciiLetterOrDigit(queue[^1])
            && queue.All(character => char.IsAsciiLetterLower(character) || char.IsAsciiDigit(character) || character == '-')
            && !queue.Contains("--", StringComparison.Ordinal);
        if (!valid)
            throw new ArgumentException(
                $"Queue name '{queue}' must be 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(queue));
        return queue;
    }
}

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
