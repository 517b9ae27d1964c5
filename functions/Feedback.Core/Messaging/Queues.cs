namespace Feedback.Core.Messaging;

/// <summary>The pipeline's queue names: the same in Service Bus (Azure) and Azurite (local).</summary>
public static class Queues
{
    /// <summary>Items stored by intake, waiting to be classified and routed. Body: <see cref="ReceivedItems"/>.</summary>
    public const string FeedbackIntake = "feedback-intake";

    /// <summary>SMS to send to citizens (acknowledgements, status updates, surveys, confirmations). Body: <see cref="Notifications.SmsRequested"/>.</summary>
    public const string Notifications = "notifications";
}
