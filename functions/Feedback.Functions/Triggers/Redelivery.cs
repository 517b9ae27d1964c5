using System.Globalization;
using Feedback.Core.Messaging;

namespace Feedback.Functions.Triggers;

/// <summary>
/// Retries and dead letters that behave the same whoever delivers the message.
/// <para>
/// Locally the trigger runner abandons a failed message with a back-off (<see cref="Backoff"/>) and dead-letters
/// it to &lt;queue&gt;-poison with the app's reason. In Azure the Functions host settles the message, and a custom
/// handler can only answer success (complete) or failure (abandon): an abandoned message comes back at once, and
/// after its max delivery count Service Bus dead-letters it as MaxDeliveryCountExceeded, without the app's reason.
/// So in Azure the app settles by copy instead (<see cref="TriggerEndpoints"/>): a failure sends a copy due after
/// the same back-off, counting the deliveries so far in <see cref="DeliveriesProperty"/>, and completes the
/// message; a message given up sends a copy carrying the reason in <see cref="DeadLetterReasonProperty"/>, which
/// the handler then fails on every delivery without handling it, so Service Bus dead-letters it with the app's
/// reason in its application properties (where Service Bus Explorer shows them beside DeadLetterReason).
/// </para>
/// </summary>
public static class Redelivery
{
    /// <summary>Deliveries of the earlier copies of a message that was retried by copy: they count towards the limit.</summary>
    public const string DeliveriesProperty = "feedback-deliveries";

    /// <summary>Why the app gave the message up: a copy carrying it is on its way to the dead letters.</summary>
    public const string DeadLetterReasonProperty = "feedback-dead-letter-reason";

    /// <summary>How long a failed delivery waits before the next: 2, 4, 8, 16 s… up to a minute.</summary>
    public static TimeSpan Backoff(int deliveryCount) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Clamp(deliveryCount, 1, 6))));

    /// <summary>The message with its delivery count including the deliveries of its earlier copies.</summary>
    public static ReceivedMessage Counted(ReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return int.TryParse(message.Properties.GetValueOrDefault(DeliveriesProperty), NumberStyles.None, CultureInfo.InvariantCulture, out var earlier) && earlier > 0
            ? message with { DeliveryCount = message.DeliveryCount + earlier }
            : message;
    }

    /// <summary>The reason the app gave this message up, when it is a copy on its way to the dead letters.</summary>
    public static string? DeadLetterReason(ReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Properties.GetValueOrDefault(DeadLetterReasonProperty);
    }

    /// <param name="counted">The message as <see cref="Counted"/> returns it.</param>
    public static OutgoingMessage RetryCopyOf(ReceivedMessage counted, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(counted);
        var deliveries = counted.DeliveryCount.ToString(CultureInfo.InvariantCulture);
        return CopyOf(counted, $"retry-{deliveries}", DeliveriesProperty, deliveries, now + Backoff(counted.DeliveryCount));
    }

    public static OutgoingMessage DeadLetterCopyOf(ReceivedMessage message, string reason) =>
        CopyOf(message, "dead-letter", DeadLetterReasonProperty, reason, notBefore: null);

    // A distinct id per copy: Service Bus's duplicate detection would drop a copy that reused the message's own.
    private static OutgoingMessage CopyOf(ReceivedMessage message, string suffix, string property, string value, DateTimeOffset? notBefore)
    {
        ArgumentNullException.ThrowIfNull(message);
        var firstMessageId = message.Properties.GetValueOrDefault(Postponement.FirstMessageIdProperty) ?? message.MessageId;
        var properties = new Dictionary<string, string>(message.Properties, StringComparer.Ordinal)
        {
            [property] = value,
            [Postponement.FirstMessageIdProperty] = firstMessageId,
        };
        return new OutgoingMessage($"{firstMessageId}.{suffix}", message.Body, properties, notBefore);
    }
}
