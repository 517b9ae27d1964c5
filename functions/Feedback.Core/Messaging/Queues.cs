namespace Feedback.Core.Messaging;

/// <summary>The pipeline's queue names: the same in Service Bus (Azure) and Azurite (local).</summary>
public static class Queues
{
    /// <summary>Items stored by intake, waiting to be classified and routed. Body: <see cref="FeedbackReceived"/>.</summary>
    public const string FeedbackIntake = "feedback-intake";

    /// <summary>SMS to send to citizens (acknowledgements, status updates, surveys, confirmations). Body: <see cref="Notifications.SmsRequested"/>.</summary>
    public const string Notifications = "notifications";
}

/// <summary>The message intake puts on <see cref="Queues.FeedbackIntake"/>: just the key, the item itself is in the store.</summary>
public sealed record FeedbackReceived(string TrackingCode);
