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
/// queues it later, and its key makes sure it is sent once. The citizen's answers (to a question, to the resolution
/// survey) change the case the same way.
/// </summary>
public sealed class AgencyActions(IFeedbackStore store, ILabelStore labels, IMessageSender sender, RoutingSource routing, TimeProvider clock, ITrendCounters trends, SmsRules rules, PublicPages pages, CaseFollowUps followUps)
{
    private const int Attempts = 3;

    /// <param name="staffId">The acting member of staff's user id.</param>
    /// <param name="mayWork">Whether this member of staff may act on the item as stored (its province and agency).</param>
    public Task<AgencyActionResult> ApplyAsync(TrackingCode trackingCode, AgencyAction action, string staffId, Func<FeedbackItem, bool> mayWork, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        return ChangeAsync(trackingCode, mayWork, (item, now) => AgencyWorkflow.Apply(item, action, staffId, now, routing.Current), action, cancellationToken);
    }

    /// <summary>
    /// The citizen's SMS, received at <paramref name="receivedAt"/>, answers the question the case awaited then
    /// (<see cref="AgencyWorkflow.AttachAnswer"/>; answered then, however late processing comes to it). Done, and
    /// nothing changed, when the case holds this answer already (the SMS processed again).
    /// </summary>
    public Task<AgencyActionResult> AttachAnswerAsync(TrackingCode trackingCode, string answer, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        ChangeAsync(trackingCode, _ => true, UnlessHeld((item, now) => AgencyWorkflow.AttachAnswer(item, answer, receivedAt < now ? receivedAt : now), item => item.Questions.Any(question => question.Answer == answer)), null, cancellationToken);

    /// <summary>
    /// The citizen's SMS answers the case's resolution survey (<see cref="AgencyWorkflow.AnswerResolution"/>). Done, and
    /// nothing changed, when the case holds this answer already (the SMS processed again).
    /// </summary>
    public Task<AgencyActionResult> AnswerResolutionAsync(TrackingCode trackingCode, ResolutionReply reply, string? text, CancellationToken cancellationToken) =>
        ChangeAsync(trackingCode, _ => true, UnlessHeld((item, now) => AgencyWorkflow.AnswerResolution(item, reply, text, now),
            item => item.ResolutionAnswers.Any(answer => answer.Rating == reply.Rating && answer.NotFixed == reply.NotFixed && answer.Text == text)), null, cancellationToken);

    /// <summary>A citizen's answer refused because the item holds it already is taken as done, the item unchanged.</summary>
    private static Func<FeedbackItem, DateTimeOffset, WorkflowOutcome> UnlessHeld(Func<FeedbackItem, DateTimeOffset, WorkflowOutcome> decide, Func<FeedbackItem, bool> holds) =>
        (item, now) => decide(item, now) switch
        {
            WorkflowOutcome.NotNow when holds(item) => new WorkflowOutcome.Changed(item),
            var outcome => outcome,
        };

    private async Task<AgencyActionResult> ChangeAsync(TrackingCode trackingCode, Func<FeedbackItem, bool> mayWork, Func<FeedbackItem, DateTimeOffset, WorkflowOutcome> decide, AgencyAction? action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mayWork);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var stored = await store.GetVersionedAsync(trackingCode, cancellationToken);
            if (stored is null)
                return new AgencyActionResult.NotFound();
            if (!mayWork(stored.Item))
                return new AgencyActionResult.Forbidden();
            var outcome = decide(stored.Item, clock.GetUtcNow());
            if (outcome is not WorkflowOutcome.Changed { Item: var changed })
                return new AgencyActionResult.Refused(outcome);
            if (ReferenceEquals(changed, stored.Item))
                return new AgencyActionResult.Done(changed);
            if (action is AgencyAction.Ask)
                await followUps.NoteQuestionAsync(changed, cancellationToken);
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
    /// Queues the status SMS the item still owes its citizen (and after a resolution its survey) and moves its trend counts to its current attribution,
    /// then notes both done if the item is still at <paramref name="version"/> (if not, a later pass does them again:
    /// the SMS keys keep them from going twice, and the counters apply an attribution revision once).
    /// </summary>
    /// <returns>The item as stored afterwards, and how many SMS were queued.</returns>
    public async Task<(FeedbackItem Item, int Queued)> QueueNoticesAsync(FeedbackItem item, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var pending = StatusNotices.Pending(item, routing.Current, pages, rules.StatusCoalescing);
        foreach (var (notice, notBefore) in pending)
            await sender.SendAsync(Queues.Notifications, notice.ToMessage() with { NotBefore = notBefore }, cancellationToken);
        foreach (var resolved in Enumerable.Range(0, item.History.Count).Skip(Math.Max(0, item.NoticesQueued)).Where(step => item.History[step].Status == FeedbackStatus.Resolved))
            await followUps.ScheduleResolutionSurveyAsync(item, resolved, cancellationToken);
        var countOwed = TrendEvent.CountOwed(item);
        if (countOwed)
            await trends.RecordAsync(item, cancellationToken);
        if (item.NoticesQueued == item.History.Count && !countOwed)
            return (item, pending.Count);
        var noted = item with { NoticesQueued = item.History.Count, CountedRevision = TrendEvent.RevisionOf(item) };
        return (await store.TrySaveAsync(noted, version, cancellationToken) is null ? item : noted, pending.Count);
    }
}
