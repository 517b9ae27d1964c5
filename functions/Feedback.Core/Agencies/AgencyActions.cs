using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Routing;
using Feedback.Core.Trends;

namespace Feedback.Core.Agencies;

/// <summary>What became of a member of staff's action on an item.</summary>
public abstract record AgencyActionResult
{
    private AgencyActionResult()
    {
    }

    /// <summary>Applied: the item as stored now.</summary>
    public sealed record Done(FeedbackItem Item) : AgencyActionResult;

    public sealed record NotFound : AgencyActionResult;

    /// <summary>The item is not in an inbox this member of staff works.</summary>
    public sealed record Forbidden : AgencyActionResult;

    /// <summary>The workflow refused it (<see cref="WorkflowOutcome.Invalid"/> or <see cref="WorkflowOutcome.NotNow"/>); nothing changed.</summary>
    public sealed record Refused(WorkflowOutcome Outcome) : AgencyActionResult;

    /// <summary>Others kept changing the item while this action was applied; nothing changed.</summary>
    public sealed record Contended : AgencyActionResult;
}

/// <summary>
/// Applies staff actions to stored items: read with the item's version, decided by <see cref="AgencyWorkflow"/>,
/// saved only if nobody saved the item in between (else read and decided again), then the inbox rows follow,
/// a label correction is kept as labelled data, and the citizen's status SMS is queued. The status is saved
/// before the SMS is queued, with the SMS noted as still owed on the item: if queueing fails, the SLA timer
/// queues it later, and its key makes sure it is sent once.
/// </summary>
public sealed class AgencyActions(IFeedbackStore store, ILabelStore labels, IMessageSender sender, RoutingSource routing, TimeProvider clock, ITrendCounters trends, SmsRules rules)
{
    private const int Attempts = 3;

    /// <param name="staffId">The acting member of staff's user id.</param>
    /// <param name="mayWork">Whether this member of staff may act on the item as stored (its province and agency).</param>
    public async Task<AgencyActionResult> ApplyAsync(string trackingCode, AgencyAction action, string staffId, Func<FeedbackItem, bool> mayWork, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mayWork);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var stored = await store.GetVersionedAsync(trackingCode, cancellationToken);
            if (stored is null)
                return new AgencyActionResult.NotFound();
            if (!mayWork(stored.Item))
                return new AgencyActionResult.Forbidden();
            var outcome = AgencyWorkflow.Apply(stored.Item, action, staffId, clock.GetUtcNow(), routing.Current);
            if (outcome is not WorkflowOutcome.Changed { Item: var changed })
                return new AgencyActionResult.Refused(outcome);
            var version = await store.TrySaveAsync(changed, stored.Version, cancellationToken);
            if (version is null)
                continue;

            if (action is AgencyAction.CorrectLabels)
                await labels.SaveAsync(LabelledFeedback.Of(changed), cancellationToken);
            var (final, _) = await QueueNoticesAsync(changed, version, cancellationToken);
            await store.ReindexAsync(stored.Item, final, cancellationToken);
            return new AgencyActionResult.Done(final);
        }
        return new AgencyActionResult.Contended();
    }

    /// <summary>
    /// Queues the status SMS the item still owes its citizen and moves its trend counts to its current attribution,
    /// then notes both done if the item is still at <paramref name="version"/> (if not, a later pass does them again:
    /// the SMS keys keep them from going twice, and the counters apply an attribution revision once).
    /// </summary>
    /// <returns>The item as stored afterwards, and how many SMS were queued.</returns>
    public async Task<(FeedbackItem Item, int Queued)> QueueNoticesAsync(FeedbackItem item, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var pending = StatusNotices.Pending(item, routing.Current, rules.StatusCoalescing);
        foreach (var (notice, notBefore) in pending)
            await sender.SendAsync(Queues.Notifications, SmsDispatcher.Message(notice) with { NotBefore = notBefore }, cancellationToken);
        var countOwed = TrendEvent.CountOwed(item);
        if (countOwed)
            await trends.RecordAsync(TrendEvent.Of(item), cancellationToken);
        if (item.NoticesQueued == item.History.Count && !countOwed)
            return (item, pending.Count);
        var noted = item with { NoticesQueued = item.History.Count, CountedRevision = TrendEvent.RevisionOf(item) };
        return (await store.TrySaveAsync(noted, version, cancellationToken) is null ? item : noted, pending.Count);
    }
}
