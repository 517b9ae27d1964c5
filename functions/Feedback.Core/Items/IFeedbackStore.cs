namespace Feedback.Core.Items;

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
