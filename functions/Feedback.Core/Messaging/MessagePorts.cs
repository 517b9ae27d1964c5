namespace Feedback.Core.Messaging;

/// <summary>
/// A message to put on a queue. <see cref="MessageId"/> is the idempotency key: Service Bus drops a second
/// send with the same id inside its duplicate-detection window, and every handler treats a message it has
/// already applied as done. <see cref="Properties"/> travel beside the body (Service Bus application
/// properties). <see cref="NotBefore"/> defers delivery (scheduled enqueue).
/// </summary>
public sealed record OutgoingMessage(
    string MessageId,
    ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, string> Properties,
    DateTimeOffset? NotBefore = null);

/// <summary>
/// A message taken from a queue, invisible to other receivers until completed, abandoned or its lease ends.
/// <see cref="DeliveryCount"/> counts this delivery too (1 the first time). <see cref="Receipt"/> is what
/// the transport needs to settle it (a pop receipt, a lock token).
/// </summary>
public sealed record ReceivedMessage(
    string MessageId,
    ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, string> Properties,
    int DeliveryCount,
    string Receipt,
    string TransportId);

/// <summary>Sends to the pipeline's queues: Service Bus in Azure, Azurite Storage Queues locally.</summary>
public interface IMessageSender
{
    Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken);

    Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken);
}

/// <summary>
/// Receives from a queue where the app pulls its own messages (the local trigger runner). In Azure the
/// Functions host receives from Service Bus and calls the app, so no Service Bus receiver exists.
/// </summary>
public interface IMessageReceiver
{
    /// <summary>Up to <paramref name="maxMessages"/> messages, each hidden from others for <paramref name="lease"/>.</summary>
    Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Done: the message is removed.</summary>
    Task CompleteAsync(string queue, ReceivedMessage message, CancellationToken cancellationToken);

    /// <summary>Failed this time: visible again after <paramref name="retryAfter"/>, with its delivery count kept.</summary>
    Task AbandonAsync(string queue, ReceivedMessage message, TimeSpan retryAfter, CancellationToken cancellationToken);

    /// <summary>Failed for good: moved to the queue's dead-letter place with the reason, removed from the queue.</summary>
    Task DeadLetterAsync(string queue, ReceivedMessage message, string reason, CancellationToken cancellationToken);
}
