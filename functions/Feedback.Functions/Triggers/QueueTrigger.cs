using System.Globalization;
using Feedback.Core.Messaging;
using Feedback.Functions.Http;
using Feedback.Functions.Telemetry;
using Feedback.Storage.Connection;

namespace Feedback.Functions.Triggers;

/// <summary>What became of one delivery of a queue message.</summary>
public enum DeliveryVerdict
{
    Done,

    /// <summary>Storage was out: a copy of the message is back on the queue, due later, and this delivery is settled like a done one.</summary>
    Postponed,
    Retry,
    DeadLetter,
}

public sealed record DeliveryResult(DeliveryVerdict Verdict, string? Reason = null);

/// <summary>A queue-triggered function: the Functions host (Azure) or the local runner hands it each message of <see cref="Queue"/>.</summary>
public interface IQueueTrigger
{
    /// <summary>The function's name: the host calls POST /{FunctionName}.</summary>
    string FunctionName { get; }

    string Queue { get; }

    Task<DeliveryResult> DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// One delivery of a queue message, the same whoever delivered it: a malformed message goes to the dead letters
/// at once; a failure is retried until <see cref="MaxDeliveries"/>, then given up (the handler records why)
/// and dead-lettered with the reason. A message delivered more often than that because settling it kept failing
/// (its work was done, but storage timed out on the delete) is completed, not dead-lettered: the dead letters
/// hold only work that was not done.
/// <para>
/// A failure because storage or the network is out for a while (a timeout, throttling, a 5xx, no connection) is
/// not the message's fault, and must not use up the deliveries that are there to catch poison messages: the
/// delivery is postponed instead. A copy of the message goes back on the queue, due after a back-off, and this
/// delivery ends as settled; the copy starts with a fresh delivery count. The queues count deliveries themselves
/// (Service Bus and Storage Queues alike), so a copy is the one way to keep an outage from counting. After
/// <see cref="Postponement.Max"/> copies, or when the queue cannot take the copy either, the failure counts.
/// </para>
/// </summary>
public abstract class QueueTrigger<TBody>(IMessageSender sender, TimeProvider clock, ILogger logger) : IQueueTrigger
    where TBody : class, IQueueMessage<TBody>
{
    /// <summary>The same as every Service Bus queue's max delivery count in the deployment.</summary>
    public const int MaxDeliveries = 5;

    /// <summary>The clock postponed copies are scheduled by.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>The queues, for postponed copies and a handler's own sends.</summary>
    protected IMessageSender Sender { get; } = sender;

    public abstract string FunctionName { get; }

    public string Queue => TBody.Queue;

    /// <summary>A short name of the message for logs (never personal data).</summary>
    protected abstract string Describe(TBody body);

    /// <summary>What the body's own reading (<see cref="IQueueMessage{TSelf}.Deserialize"/>) cannot know: by default nothing.</summary>
    protected virtual bool IsWellFormed(TBody body) => true;

    /// <returns>What was done, for the log.</returns>
    protected abstract Task<string> HandleAsync(TBody body, CancellationToken cancellationToken);

    /// <summary>Whether the message's work was done (handling it again would change nothing): asked only of a message delivered more than <see cref="MaxDeliveries"/> times.</summary>
    protected abstract Task<bool> IsDoneAsync(TBody body, CancellationToken cancellationToken);

    /// <summary>After the last delivery: record the failure where people will see it.</summary>
    protected abstract Task GiveUpAsync(TBody body, string reason, CancellationToken cancellationToken);

    public async Task<DeliveryResult> DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var step = StorageCaller.ForStep(FunctionName);
        if (Redelivery.DeadLetterReason(message) is { } givenUp)
            return new DeliveryResult(DeliveryVerdict.DeadLetter, givenUp);
        message = Redelivery.Counted(message);
        var body = TBody.Deserialize(message.Body.Span);
        if (body is null || !IsWellFormed(body))
            return new DeliveryResult(DeliveryVerdict.DeadLetter, $"the message body is not a {typeof(TBody).Name} message");
        var description = Describe(body);
        if (message.DeliveryCount > MaxDeliveries)
        {
            // A queue that redelivers more often than this (a max delivery count above ours) must not get a
            // given-up message handled again as if it were new.
            if (await IsDoneAsync(body, cancellationToken))
            {
                TriggerLog.CompletedLate(logger, FunctionName, description, message.DeliveryCount);
                return new DeliveryResult(DeliveryVerdict.Done);
            }
            var reason = $"delivered {message.DeliveryCount} times, more than {MaxDeliveries}";
            await GiveUpAsync(body, reason, cancellationToken);
            return new DeliveryResult(DeliveryVerdict.DeadLetter, reason);
        }

        try
        {
            var outcome = await HandleAsync(body, cancellationToken);
            TriggerLog.Handled(logger, FunctionName, description, outcome);
            return new DeliveryResult(DeliveryVerdict.Done);
        }
        // A timeout inside the handler (HttpClient's is an OperationCanceledException too) is a failure, of storage or
        // the network; only the caller's own cancellation (stopping) is not.
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = $"{failure.GetType().Name}: {failure.Message}";
            TriggerLog.Failed(logger, FunctionName, description, message.DeliveryCount, reason);
            if (StorageOutage.IsPassing(failure) && await TryPostponeAsync(message, description, cancellationToken))
                return new DeliveryResult(DeliveryVerdict.Postponed, reason);
            if (message.DeliveryCount < MaxDeliveries)
                return new DeliveryResult(DeliveryVerdict.Retry, reason);
            await GiveUpAsync(body, reason, cancellationToken);
            return new DeliveryResult(DeliveryVerdict.DeadLetter, reason);
        }
    }

    /// <returns>Whether the copy is on the queue.</returns>
    private async Task<bool> TryPostponeAsync(ReceivedMessage message, string description, CancellationToken cancellationToken)
    {
        if (Postponement.CopyOf(message, Clock.GetUtcNow()) is not { } copy)
            return false;
        try
        {
            await Sender.SendAsync(Queue, copy, cancellationToken);
        }
        catch (Exception unsent) when (unsent is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        TriggerLog.Postponed(logger, FunctionName, description, copy.Properties[Postponement.CountProperty], copy.NotBefore);
        PipelineTelemetry.Postponed(Queue);
        return true;
    }
}

/// <summary>A timer-triggered function: the host calls POST /{FunctionName} on its schedule; locally the runner fires it every <see cref="LocalInterval"/>.</summary>
public interface ITimerTrigger
{
    string FunctionName { get; }

    TimeSpan LocalInterval { get; }

    /// <returns>What was done, for the host's log.</returns>
    Task<string> FireAsync(CancellationToken cancellationToken);
}

internal static partial class TriggerLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Function} handled {Message}: {Outcome}")]
    public static partial void Handled(ILogger logger, string function, string message, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} completed {Message} on delivery {Delivery}: its work was done, settling the earlier deliveries had failed")]
    public static partial void CompletedLate(ILogger logger, string function, string message, int delivery);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} failed on {Message}, delivery {Delivery}: {Reason}")]
    public static partial void Failed(ILogger logger, string function, string message, int delivery, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} postponed {Message} (postponement {Postponement}) until {Due}: storage is out")]
    public static partial void Postponed(ILogger logger, string function, string message, string postponement, DateTimeOffset? due);
}

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
