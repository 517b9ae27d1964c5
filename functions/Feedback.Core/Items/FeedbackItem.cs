
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
/// new agency). Feedback that asks nothing of the agency is <see cref="Recorded"/> instead of routed; an SMS that
/// answers a case is <see cref="Attached"/> to it. Stored by name in rows and by number in histories: new statuses go at the end.
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

    /// <summary>
    /// An SMS that answered a case (a question staff asked, its resolution survey): the answer went to that case
    /// (<see cref="FeedbackItem.AttachedTo"/>), and the item itself is final: in no inbox or trend, never acknowledged.
    /// </summary>
    Attached,
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

    /// <summary>
    /// An SMS as written, sealed as <see cref="EncryptedText"/> is, when intake parsed a <see cref="Rating"/> off it and
    /// <see cref="Text"/> is what followed: what the SMS answers a case with (processing's <c>SmsReplies</c>).
    /// </summary>
    public string? EncryptedMessage { get; init; }

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

    /// <summary>The case this SMS answered (<see cref="FeedbackStatus.Attached"/>): its answer is on that case.</summary>
    public TrackingCode? AttachedTo { get; init; }

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

/// <summary>
/// Where feedback items live (Table Storage). Writes are idempotent upserts or inserts-if-absent, because
/// any step may be retried: a redelivered queue message or a sweeper pass must change nothing the second time.
/// </summary>
public interface IFeedbackStore
{
    /// <summary>
    /// Stores a new item under its tracking code: its version (for <see cref="TrySaveAsync"/>), or null when that code
    /// is taken (draw another).
    /// </summary>
    Task<string?> TryCreateAsync(FeedbackItem item, CancellationToken cancellationToken);

    /// <summary>
    /// Stores new items whose codes share a shard (<see cref="TrackingCode.Shard"/>) together, in one entity group
    /// transaction: all or none. An item with an <see cref="FeedbackItem.SmsKey"/> claims that key in the same
    /// transaction (its code in the key's shard, <see cref="Intake.SmsDeduplication.Shard"/>). Their versions, in order,
    /// or the index of an item whose code is taken or whose SMS key is claimed already (nothing stored).
    /// </summary>
    Task<CreatedItems> TryCreateAllAsync(IReadOnlyList<FeedbackItem> newItems, CancellationToken cancellationToken);

    Task<FeedbackItem?> GetAsync(TrackingCode trackingCode, CancellationToken cancellationToken);

    /// <summary>Writes the item as it is now (status, assessment, history), replacing what was stored.</summary>
    Task SaveAsync(FeedbackItem item, CancellationToken cancellationToken);

    /// <summary>The code an inbound SMS's de-duplication key was claimed for (<see cref="TryCreateAllAsync"/>); null while unclaimed.</summary>
    Task<TrackingCode?> FindSmsClaimAsync(string deduplicationKey, CancellationToken cancellationToken);

    /// <summary>
    /// Drops the SMS key's claim if it still names <paramref name="trackingCode"/> (that code turned out to be another
    /// item's: only a claim written before claims shared their item's transaction can).
    /// </summary>
    Task ReleaseSmsClaimAsync(string deduplicationKey, TrackingCode trackingCode, CancellationToken cancellationToken);

    /// <summary>Marks an item stored but not yet handed to processing; the sweeper finishes what a crash left here.</summary>
    Task MarkPendingAsync(TrackingCode trackingCode, DateTimeOffset since, CancellationToken cancellationToken);

    Task ClearPendingAsync(TrackingCode trackingCode, CancellationToken cancellationToken);

    /// <summary>Tracking codes marked pending since before <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<TrackingCode>> ListPendingAsync(DateTimeOffset before, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Puts the routed item in its agency's inbox (newest first), unless it is there already: a row that exists is kept
    /// as it is, so a late or repeated processing never undoes what staff changed since (<see cref="ReindexAsync"/>
    /// brings rows up to date). Idempotent. Its province's day lists it with its trend count
    /// (<see cref="Trends.ITrendCounters.RecordAsync(FeedbackItem, CancellationToken)"/>).
    /// </summary>
    Task IndexAsync(FeedbackItem item, CancellationToken cancellationToken);

    /// <summary>The item and the version it was read at, for <see cref="TrySaveAsync"/>; null when no item has the code.</summary>
    Task<VersionedItem?> GetVersionedAsync(TrackingCode trackingCode, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the item only if it is still at <paramref name="version"/>: returns the new version, or null when
    /// someone saved it in between (read it again and decide again).
    /// </summary>
    Task<string?> TrySaveAsync(FeedbackItem item, string version, CancellationToken cancellationToken);

    /// <summary>
    /// Writes items that share a shard together, each only if it is still at its version (<see cref="VersionedItem.Version"/>
    /// holds the version it was read at): their new versions, in order, null for each that was not written (it changed
    /// since, or is stored under the old key: save it alone), or null when they are fewer than two or do not share a shard.
    /// </summary>
    Task<IReadOnlyList<string?>?> TrySaveAllAsync(IReadOnlyList<VersionedItem> changed, CancellationToken cancellationToken);

    /// <summary>
    /// Brings the item's index rows up to date after a change (status, labels, SLA flags); a reassigned item
    /// leaves <paramref name="previous"/>'s agency's inbox for its new agency's. Idempotent.
    /// </summary>
    Task ReindexAsync(FeedbackItem previous, FeedbackItem current, CancellationToken cancellationToken);
}

/// <summary>An item as read, with the opaque version (the row's ETag) a conditional save expects.</summary>
public sealed record VersionedItem(FeedbackItem Item, string Version);

/// <summary>
/// What <see cref="IFeedbackStore.TryCreateAllAsync"/> did: the items' versions, or (null) the index of an item whose
/// code is taken, or whose SMS key is claimed already (<paramref name="ClaimTaken"/>: a redelivery).
/// </summary>
public sealed record CreatedItems(IReadOnlyList<string>? Versions, int TakenIndex, bool ClaimTaken = false);
