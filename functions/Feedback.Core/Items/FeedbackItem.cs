namespace Feedback.Core.Items;

/// <summary>How a message reached the pipeline.</summary>
public enum FeedbackChannel
{
    Sms,
    Web,
    CounterOffice,
}

/// <summary>
/// Where an item is in its life. Intake stores it <see cref="Received"/>; processing makes it
/// <see cref="Routed"/> (classified and assigned to an agency) or <see cref="Failed"/> after its retries
/// ran out. Agencies move it on (a later issue adds their statuses).
/// </summary>
public enum FeedbackStatus
{
    Received,
    Routed,
    Failed,
}

/// <summary>One step of an item's history, as the status page shows it: no personal data.</summary>
public sealed record StatusChange(DateTimeOffset At, FeedbackStatus Status, string Note);

/// <summary>What the classifier and the routing rules decided for an item.</summary>
public sealed record Assessment(
    string Sentiment,
    double SentimentProbability,
    string Topic,
    double TopicProbability,
    bool NeedsReview,
    string ReviewReason,
    string AgencyKey,
    string RoutingReason);

/// <summary>
/// A citizen's feedback as the pipeline keeps it. The phone number is never here in clear: intake
/// stores it encrypted (<see cref="EncryptedPhone"/>) with a keyed hash for look-ups (<see cref="PhoneHash"/>).
/// </summary>
public sealed record FeedbackItem
{
    public required string TrackingCode { get; init; }

    public required FeedbackChannel Channel { get; init; }

    public required string Text { get; init; }

    public required string Province { get; init; }

    public string? County { get; init; }

    /// <summary>A survey rating 1–5 when the citizen gave one.</summary>
    public int? Rating { get; init; }

    public string? EncryptedPhone { get; init; }

    public string? PhoneHash { get; init; }

    /// <summary>The counter office (its API client id) that typed it in.</summary>
    public string? CounterOffice { get; init; }

    /// <summary>The public service the feedback is about, when the sender named one.</summary>
    public string? ServiceCode { get; init; }

    /// <summary>The agency the feedback names (the survey it answers, or the sender's choice): it is routed there.</summary>
    public string? NamedAgency { get; init; }

    /// <summary>The post-service survey this SMS answers.</summary>
    public string? SurveyId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>For an SMS, its de-duplication key: tells a redelivery of this message from another item that drew the same code.</summary>
    public string? SmsKey { get; init; }

    public FeedbackStatus Status { get; init; } = FeedbackStatus.Received;

    public Assessment? Assessment { get; init; }

    /// <summary>Why processing gave up on the item, for staff; never shown on the citizen's status page.</summary>
    public string? FailureReason { get; init; }

    public IReadOnlyList<StatusChange> History { get; init; } = [];
}
