using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Feedback.Core.Messaging;

namespace Feedback.Messaging.ServiceBus;

/// <summary>
/// The transport port's sending side over Azure Service Bus (Azure mode), through one long-lived
/// <see cref="ServiceBusClient"/> (AMQP, managed identity) and one <see cref="ServiceBusSender"/> per queue.
/// MessageId goes out as the broker's MessageId, so a resend inside the queue's duplicate-detection window is
/// dropped by Service Bus; NotBefore becomes the scheduled enqueue time; properties become application
/// properties. Receiving is the Functions host's (its Service Bus trigger calls the app), so there is no receiver.
/// Failures are the client's <see cref="ServiceBusException"/> (its <see cref="ServiceBusException.IsTransient"/>
/// tells an outage from a refusal) or <see cref="UnauthorizedAccessException"/> when the identity lacks the
/// Azure Service Bus Data Sender role; the client has retried transient ones already.
/// </summary>
public sealed class ServiceBusQueueSender(ServiceBusClient client) : IMessageSender
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> senders = new(StringComparer.Ordinal);

    public Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken) =>
        Sender(queue).SendMessageAsync(ToServiceBusMessage(message), cancellationToken);

    /// <summary>
    /// Sends the messages in as few <see cref="ServiceBusMessageBatch"/>es as the queue's size limit allows, in
    /// order. Every message is converted before the first is sent. When a later batch fails the earlier ones are on
    /// the queue already; sending the whole list again is safe, as duplicate detection drops what arrived before.
    /// </summary>
    /// <exception cref="ServiceBusException">One message alone is larger than a batch may be (<see cref="ServiceBusFailureReason.MessageSizeExceeded"/>).</exception>
    public async Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var pending = messages.Select(ToServiceBusMessage).ToList();
        var sender = Sender(queue);
        var next = 0;
        while (next < pending.Count)
        {
            using var batch = await sender.CreateMessageBatchAsync(cancellationToken);
            while (next < pending.Count && batch.TryAddMessage(pending[next]))
                next++;
            if (batch.Count == 0)
                throw new ServiceBusException(
                    $"Message '{pending[next].MessageId}' is larger than a Service Bus batch for '{queue}' may be ({batch.MaxSizeInBytes} bytes).",
                    ServiceBusFailureReason.MessageSizeExceeded,
                    queue);
            await sender.SendMessagesAsync(batch, cancellationToken);
        }
    }

    /// <summary>The broker message a port message becomes.</summary>
    /// <exception cref="ArgumentException">The MessageId is empty or longer than Service Bus takes (128).</exception>
    public static ServiceBusMessage ToServiceBusMessage(OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.MessageId))
            throw new ArgumentException("A message needs a MessageId: Service Bus detects duplicates by it.", nameof(message));
        var brokered = new ServiceBusMessage(message.Body)
        {
            // The client checks the length (at most 128) and throws ArgumentOutOfRangeException, an ArgumentException.
            MessageId = message.MessageId,
            ContentType = "application/json",
        };
        foreach (var (name, value) in message.Properties)
            brokered.ApplicationProperties[name] = value;
        if (message.NotBefore is { } notBefore)
            brokered.ScheduledEnqueueTime = notBefore;
        return brokered;
    }

    private ServiceBusSender Sender(string queue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        return senders.GetOrAdd(queue, client.CreateSender);
    }
}
