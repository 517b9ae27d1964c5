using System.Text.Json;
using Feedback.Core.Messaging;
using Feedback.Core.Processing;

namespace Feedback.Functions.Processing;

/// <summary>What became of one delivery of a feedback-intake message.</summary>
public enum DeliveryVerdict
{
    Done,
    Retry,
    DeadLetter,
}

public sealed record DeliveryResult(DeliveryVerdict Verdict, string? Reason = null);

/// <summary>
/// One delivery of a feedback-intake message, the same whoever delivered it (the local runner or the
/// Functions host): a malformed message goes to the dead letters at once; a failure is retried until
/// <see cref="MaxDeliveries"/>, then the item is marked failed and the message dead-lettered with the reason.
/// </summary>
public sealed partial class FeedbackMessages(ProcessFeedbackHandler handler, ILogger<FeedbackMessages> logger)
{
    /// <summary>The same as the Service Bus queue's max delivery count in the deployment.</summary>
    public const int MaxDeliveries = 5;

    public async Task<DeliveryResult> DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        FeedbackReceived? received;
        try
        {
            received = JsonSerializer.Deserialize<FeedbackReceived>(message.Body.Span, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            received = null;
        }
        if (received is null || string.IsNullOrWhiteSpace(received.TrackingCode))
            return new DeliveryResult(DeliveryVerdict.DeadLetter, "the message body is not a feedback-received message");
        if (message.DeliveryCount > MaxDeliveries)
        {
            // A queue that redelivers more often than this (a max delivery count above ours) must not get a
            // failed item processed again and completed as if it were done.
            var reason = $"delivered {message.DeliveryCount} times, more than {MaxDeliveries}";
            await handler.MarkFailedAsync(received.TrackingCode, reason, cancellationToken);
            return new DeliveryResult(DeliveryVerdict.DeadLetter, reason);
        }

        try
        {
            var outcome = await handler.HandleAsync(received.TrackingCode, cancellationToken);
            LogProcessed(logger, received.TrackingCode, outcome);
            return new DeliveryResult(DeliveryVerdict.Done);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            var reason = $"{failure.GetType().Name}: {failure.Message}";
            LogFailed(logger, received.TrackingCode, message.DeliveryCount, reason);
            if (message.DeliveryCount < MaxDeliveries)
                return new DeliveryResult(DeliveryVerdict.Retry, reason);
            await handler.MarkFailedAsync(received.TrackingCode, reason, cancellationToken);
            return new DeliveryResult(DeliveryVerdict.DeadLetter, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Processed {TrackingCode}: {Outcome}")]
    private static partial void LogProcessed(ILogger logger, string trackingCode, ProcessingOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing {TrackingCode} failed on delivery {Delivery}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string trackingCode, int delivery, string reason);
}
