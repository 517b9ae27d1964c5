using Feedback.Core.Items;

namespace Feedback.Core.Agencies;

/// <summary>What one pass of the SLA timer did.</summary>
public sealed record SlaRunSummary(int Examined, int Flagged, int NoticesQueued);

/// <summary>
/// The SLA timer's pass over the inboxes: every open item past an acknowledgement or resolution deadline is
/// flagged on the item (once per assignment and kind) and escalated to its province's governorate as a row of
/// the breach log; status SMS an action left unqueued are queued. Idempotent: the flag is saved on the item
/// first (conditionally, so a concurrent action wins and the next pass decides again), and the breach row's
/// key comes from the saved flag, so a pass interrupted anywhere is completed by the next one without a
/// second row. Entries that cannot be late yet, or are already flagged, are passed over without reading the item.
/// </summary>
public sealed class SlaEscalation(IFeedbackStore store, IAgencyInbox inbox, ISlaBreachLog breaches, AgencyActions actions, SlaPolicy policy, TimeProvider clock)
{
    public async Task<SlaRunSummary> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (examined, flagged, queued) = (0, 0, 0);
        await foreach (var entry in inbox.ListFollowUpsAsync(now - policy.LeastTime, cancellationToken))
        {
            if (!entry.NoticePending && !MayBeNewlyLate(entry, now))
                continue;
            examined++;
            var stored = await store.GetVersionedAsync(entry.TrackingCode, cancellationToken);
            // An inbox row can outlive its item's routing (a processing retry after a crash): nothing to escalate yet.
            if (stored?.Item.Assessment is null)
                continue;
            var (item, version) = (stored.Item, stored.Version);
            var breachesNow = policy.NewBreaches(item, now);
            if (breachesNow.Count > 0)
            {
                var marked = item with { SlaFlags = [.. item.SlaFlags, .. breachesNow] };
                if (await store.TrySaveAsync(marked, version, cancellationToken) is not { } savedVersion)
                    continue;
                (item, version) = (marked, savedVersion);
                flagged += breachesNow.Count;
            }
            foreach (var flag in SlaPolicy.CurrentFlags(item))
                await breaches.RecordAsync(SlaBreachRecord.Of(item, flag), cancellationToken);
            var (final, sent) = await actions.QueueNoticesAsync(item, version, cancellationToken);
            queued += sent;
            await store.ReindexAsync(stored.Item, final, cancellationToken);
        }
        return new SlaRunSummary(examined, flagged, queued);
    }

    /// <summary>Whether the entry may be past a deadline it is not flagged for; read from the inbox row alone.</summary>
    private bool MayBeNewlyLate(InboxEntry entry, DateTimeOffset now) =>
        (!entry.AcknowledgeLate && policy.IsLate(SlaKind.Acknowledge, entry.Status, entry.AgencyKey, entry.AssignedAt, now))
        || (!entry.ResolveLate && policy.IsLate(SlaKind.Resolve, entry.Status, entry.AgencyKey, entry.AssignedAt, now));
}
