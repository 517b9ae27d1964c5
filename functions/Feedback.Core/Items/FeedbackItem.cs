
using Feedback.Core.Privacy;

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
/// ran out. The agency then moves it on: <see cref="Acknowledged"/>, <see cref="InProgress"/>, and finally
/// <see cref="Resolved"/> or <see cref="Rejected"/> (a reassignment makes it <see cref="Routed"/> again, at the
/// new agency). Feedback that asks nothing of the agency is <see cref="Recorded"/> instead of routed. Stored by name in rows and by number in histories: new statuses go at the end.
/// </summary>
public enum FeedbackStatus
{
    Received,
    Routed,
    Failed,

    /// <summary>The agency has seen it in its inbox.</summary>
    Acknowledged,

    /// <summary>The agency is working on it.</summary>
    InProgress,

    /// <summary>The agency dealt with it and answered the citizen (<see cref="FeedbackItem.AgencyReply"/>).</summary>
    Resolved,

    /// <summary>The agency will not act on it and said why (<see cref="FeedbackItem.RejectionReason"/>).</summary>
    Rejected,

    /// <summary>Feedback that asks nothing of the agency (<see cref="ItemKind.Feedback"/>): recorded, shown to the agency, closed at once with no SLA.</summary>
    Recorded,
}

/// <summary>
/// Every item is feedback; a <see cref="Case"/> is feedback that asks the agency to act, with an SLA and a status
/// the citizen follows. <see cref="Feedback"/> (praise, thanks, a bare rating) is recorded and closed at once.
/// <see cref="CaseRule"/> decides which. Stored by name: new kinds go at the end.
/// </summary>
public enum ItemKind
{
    Case,
    Feedback,
}

/// <summary>One step of an item's history, as the status page shows it: no personal data.</summary>
public sealed record StatusChange(DateTimeOffset At, FeedbackStatus Status, string Note);

/// <summary>What the classifier, the routing rules and <see cref="CaseRule"/> decided for an item (rows stored before kinds existed read as cases).</summary>
public sealed record Assessment(
    string Sentiment,
    double SentimentProbability,
    string Topic,
    double TopicProbability,
    bool NeedsReview,
    string ReviewReason,
    string AgencyKey,
    string RoutingReason,
    ItemKind Kind = ItemKind.Case,
    string KindReason = CaseRule.Request);

/// <summary>
/// A citizen's feedback as the pipeline keeps it. The phone number is never here in clear: intake
/// stores it encrypted (<see cref="EncryptedPhone"/>) with a keyed hash for look-ups (<see cref="PhoneHash"/>).
/// </summary>
public sealed record FeedbackItem
{
    public required TrackingCode TrackingCode { get; init; }

    public required FeedbackChannel Channel { get; init; }

    /// <summary>What the citizen wrote, with personal data masked (<see cref="Privacy.PersonalData"/>): what every view shows.</summary>
    public required string Text { get; init; }

    /// <summary>The text as written, sealed like the phone (<see cref="Privacy.PhoneProtector.EncryptText"/>); only when masking changed it.</summary>
    public string? EncryptedText { get; init; }

    public required string Province { get; init; }

    public string? County { get; init; }

    /// <summary>Whether processing inferred <see cref="County"/> from the text (<see cref="Places.PlaceMatcher"/>) because nobody gave one; an inferred county routes and counts like a given one.</summary>
    public bool CountyInferred { get; init; }

    /// <summary>A survey rating 1–5 when the citizen gave one.</summary>
    public int? Rating { get; init; }

    public string? EncryptedPhone { get; init; }

    public PhoneHash? PhoneHash { get; init; }

    /// <summary>The counter office (its API client id) that typed it in.</summary>
    public string? CounterOffice { get; init; }

    /// <summary>The public service the feedback is about, when the sender named one.</summary>
    public string? ServiceCode { get; init; }

    /// <summary>The service's name as people read it, as the counter office or agency system sent it (a survey's).</summary>
    public string? ServiceName { get; init; }

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

    /// <summary>When the agency it is assigned to first acknowledged it or started work on it; null again after a reassignment.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>When the agency closed it: resolved or rejected.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The agency's answer when it resolved the item; the citizen gets it by SMS.</summary>
    public string? AgencyReply { get; init; }

    /// <summary>Why the agency rejected the item; the citizen gets it by SMS.</summary>
    public string? RejectionReason { get; init; }

    /// <summary>Routing mistakes staff corrected, oldest first: the item moved from one agency to another.</summary>
    public IReadOnlyList<Reassignment> Reassignments { get; init; } = [];

    /// <summary>Staff corrections of the classifier's sentiment or topic, oldest first: labelled data for retraining.</summary>
    public IReadOnlyList<LabelCorrection> LabelCorrections { get; init; } = [];

    /// <summary>Staff turning the item from feedback into a case or back, oldest first.</summary>
    public IReadOnlyList<KindChange> KindChanges { get; init; } = [];

    /// <summary>Service-level targets the item's agencies missed, as the SLA timer flagged them.</summary>
    public IReadOnlyList<SlaFlag> SlaFlags { get; init; } = [];

    /// <summary>The citizen's rating of the last resolution (1 = not fixed … 5 = fixed), from their answer to the resolution survey; null until they rate one.</summary>
    public int? ResolutionRating { get; init; }

    /// <summary>How many times the citizen's answer to a resolution survey reopened the case.</summary>
    public int ReopenCount { get; init; }

    /// <summary>The citizen's answers to resolution surveys, oldest first (<see cref="ResolutionRating"/> and <see cref="ReopenCount"/> sum them up).</summary>
    public IReadOnlyList<ResolutionAnswer> ResolutionAnswers { get; init; } = [];

    /// <summary>What staff asked the citizen by SMS, oldest first; the last may still await its answer.</summary>
    public IReadOnlyList<CitizenQuestion> Questions { get; init; } = [];

    /// <summary>The attribution revision the trend counters hold for the item (<see cref="Trends.TrendEvent.RevisionOf"/>); behind it, the counts are still to be moved.</summary>
    public int CountedRevision { get; init; }

    /// <summary>How many of <see cref="History"/>'s steps have had their status SMS queued (or needed none); a later step's SMS is still to be queued.</summary>
    public int NoticesQueued { get; init; }
}
