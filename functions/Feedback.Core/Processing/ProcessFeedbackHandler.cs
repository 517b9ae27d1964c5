using Feedback.Classification;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Places;
using Feedback.Core.Routing;
using Feedback.Core.Trends;

namespace Feedback.Core.Processing;

/// <summary>
/// Takes an SMS for what it answers (<see cref="SmsReplies"/>: an answer to a case ends attached to it, nothing more),
/// classifies a stored item, infers its county from the text when none was given (<see cref="PlaceMatcher"/>), decides whether it is a case or feedback (<see cref="CaseRule"/>), routes it to the responsible agency, indexes it for the agency and the
/// province, counts it in the province's trends, and asks for the citizen's acknowledgement. Idempotent: every
/// step can be repeated (index rows are inserted if absent, the trend counters count a tracking code once), and
/// the item's status is saved last and only over the version processing started from, so a message redelivered after
/// a crash finishes the job and one redelivered after success changes nothing.
/// </summary>
public sealed class ProcessFeedbackHandler(IFeedbackStore store, FeedbackClassifier classifier, RoutingSource routingSource, IMessageSender sender, PublicPages pages, TimeProvider clock, ITrendCounters trends, SmsReplies replies)
{
    /// <summary>
    /// Processes the item as its message carries it, or as read when it does not. The save is conditional on the
    /// version processing started from (for a carried item, the one intake's insert returned): when anyone wrote the
    /// item since (a redelivery's twin that routed it first, staff acting on it since), nothing is overwritten; the
    /// item is read again and decided again, which finds it done. What was written before the save cannot undo
    /// anything either: index rows are only inserted, the trend counters count a code once, and the acknowledgement's
    /// key is sent once.
    /// </summary>
    public async Task<ProcessingResult> HandleAsync(ReceivedItem received, CancellationToken cancellationToken)
    {
        var step = await PrepareAsync(received, cancellationToken);
        if (step.Done is { } done)
            return done;
        await RequestAcknowledgementsAsync([step.Routed!], cancellationToken);
        return await FinishAsync(step.Routed!, cancellationToken);
    }

    /// <summary>
    /// Everything but the acknowledgement and the save: the item routed, indexed and counted, its acknowledgement
    /// written; or, when it is no longer received, what processing found. The items of one message are prepared, their
    /// acknowledgements asked for in one notifications message (<see cref="RequestAcknowledgementsAsync"/>), then saved
    /// together (<see cref="SaveTogetherAsync"/>), and the ones that were not saved so are finished one by one (<see cref="FinishAsync"/>).
    /// </summary>
    public async Task<ProcessingStep> PrepareAsync(ReceivedItem received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (received.Stored is { } carried)
            return await PrepareAsync(carried, cancellationToken);
        return await PrepareAsync(await ReadAsync(received.Code, cancellationToken), cancellationToken);
    }

    private async Task<ProcessingStep> PrepareAsync(VersionedItem current, CancellationToken cancellationToken)
    {
        if (current.Item.Status != FeedbackStatus.Received)
            return new ProcessingStep(new ProcessingResult(ProcessingOutcome.AlreadyDone, current.Item), null);
        var item = await replies.ApplyAsync(current.Item, cancellationToken);
        // An answer to a case is on that case: its own item is neither indexed, counted nor acknowledged.
        if (item.Status == FeedbackStatus.Attached)
            return new ProcessingStep(null, new RoutedItem(item, current.Version, NeedsReview: false, Acknowledgement: null));
        var (routed, agency, needsReview) = Route(item);
        await Task.WhenAll(store.IndexAsync(routed, cancellationToken), trends.RecordAsync(routed, cancellationToken));
        return new ProcessingStep(null, new RoutedItem(routed, current.Version, needsReview, Acknowledgement(routed, agency)));
    }

    /// <summary>
    /// Asks for the acknowledgements of routed items, before any of them is saved (so a crash after the save cannot
    /// lose one): as few notifications messages as carry them all (<see cref="SmsRequests.Split"/>), usually one.
    /// Each SMS is sent once per key however often this is repeated.
    /// </summary>
    public async Task RequestAcknowledgementsAsync(IReadOnlyList<RoutedItem> routed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routed);
        foreach (var message in SmsRequests.Split(routed.Select(item => item.Acknowledgement).OfType<SmsRequested>()))
            await sender.SendAsync(SmsRequests.Queue, message.ToMessage(), cancellationToken);
    }

    /// <summary>
    /// Saves routed items of one shard in one transaction, each over the version processing started from: the results,
    /// or null for each item not saved so (it changed since, or was alone in its shard), which <see cref="FinishAsync"/>
    /// then saves alone.
    /// </summary>
    public async Task<IReadOnlyList<ProcessingResult?>> SaveTogetherAsync(IReadOnlyList<RoutedItem> routed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routed);
        var results = new ProcessingResult?[routed.Count];
        foreach (var shard in Enumerable.Range(0, routed.Count).GroupBy(index => routed[index].Item.TrackingCode.Shard).Where(shard => shard.Count() > 1))
        {
            var indexes = shard.ToList();
            if (await store.TrySaveAllAsync([.. indexes.Select(index => new VersionedItem(routed[index].Item, routed[index].Version))], cancellationToken) is not { } versions)
                continue;
            for (var saved = 0; saved < indexes.Count; saved++)
            {
                if (versions[saved] is not null)
                    results[indexes[saved]] = routed[indexes[saved]].Result;
            }
        }
        return results;
    }

    /// <summary>
    /// Saves a routed item over the version processing started from; when anyone wrote it since, it is read and decided
    /// again (which finds it done, or routes it again).
    /// </summary>
    public async Task<ProcessingResult> FinishAsync(RoutedItem routed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routed);
        while (await store.TrySaveAsync(routed.Item, routed.Version, cancellationToken) is null)
        {
            var step = await PrepareAsync(await ReadAsync(routed.Item.TrackingCode, cancellationToken), cancellationToken);
            if (step.Done is { } done)
                return done;
            routed = step.Routed!;
            await RequestAcknowledgementsAsync([routed], cancellationToken);
        }
        return routed.Result;
    }

    private async Task<VersionedItem> ReadAsync(TrackingCode trackingCode, CancellationToken cancellationToken) =>
        await store.GetVersionedAsync(trackingCode, cancellationToken)
        ?? throw new ProcessingException($"no stored item has tracking code {trackingCode}");

    /// <summary>Classifies the received item and routes it: the item as processing saves it, the agency, and whether staff should review it.</summary>
    private (FeedbackItem Routed, Agency Agency, bool NeedsReview) Route(FeedbackItem received)
    {
        var item = WithInferredCounty(received);
        var classification = classifier.Classify(item.Text);
        var routing = routingSource.Current;
        var sentiment = item.Rating is { } rating
            ? RatedSentiment.Combine(classification.Sentiment, rating, hasWords: item.Text.Any(char.IsLetter))
            : (Key: classification.Sentiment.Key, Probability: (double)classification.Sentiment.Probability);
        var decision = (item.NamedAgency is { } named ? routing.ResolveNamed(item.Province, named) : null)
            ?? routing.Resolve(item.Province, item.County, classification.Topic.Key)
            ?? throw new ProcessingException($"province '{item.Province}' has no routing rules");
        var now = clock.GetUtcNow();
        var kind = CaseRule.Decide(CaseSignals.Of(item.Text, item.Rating, sentiment.Key, sentiment.Probability));
        var isCase = kind.Kind == ItemKind.Case;
        var routed = item with
        {
            Status = isCase ? FeedbackStatus.Routed : FeedbackStatus.Recorded,
            Assessment = new Assessment(
                sentiment.Key,
                sentiment.Probability,
                classification.Topic.Key,
                classification.Topic.Probability,
                classification.NeedsReview,
                classification.ReviewReason.ToString(),
                decision.Agency.Key,
                decision.Explanation,
                kind.Kind,
                kind.Reason),
            ClosedAt = isCase ? null : now,
            History = [.. item.History, isCase
                ? new StatusChange(now, FeedbackStatus.Routed, $"به {decision.Agency.PersianName} ارجاع شد")
                : new StatusChange(now, FeedbackStatus.Recorded, $"ثبت شد و به {decision.Agency.PersianName} رسید؛ سپاسگزاریم")],
        };
        return (routed, decision.Agency, classification.NeedsReview);
    }

    /// <summary>The item with the county its text names when nobody gave one; a given county is never replaced.</summary>
    private static FeedbackItem WithInferredCounty(FeedbackItem item) =>
        item.County is null && Provinces.Places.InferCounty(item.Text, item.Province) is { Outcome: PlaceOutcome.Inferred, CountyKey: { } county }
            ? item with { County = county, CountyInferred = true }
            : item;

    /// <summary>
    /// The citizen's SMS with the tracking code and a link to its status (the code filled in where the address fits),
    /// once per item (its key is the code's): «referred» for a case, «thank you» for feedback. None without a phone. No
    /// attempt to send it can precede the item's receipt (nor this processing, should a clock run ahead).
    /// </summary>
    private SmsRequested? Acknowledgement(FeedbackItem item, Agency agency)
    {
        if (item.EncryptedPhone is null || item.PhoneHash is null)
            return null;
        var link = pages.AcknowledgementLink(item.TrackingCode);
        var text = item.Status == FeedbackStatus.Recorded
            ? SmsTemplates.Thanks(item.TrackingCode, link)
            : SmsTemplates.Acknowledgement(item.TrackingCode, agency.PersianName, link);
        var now = clock.GetUtcNow();
        return new SmsRequested($"{item.TrackingCode}-ack", SmsKind.Acknowledgement, item.EncryptedPhone, item.PhoneHash, text) { NoAttemptBefore = item.ReceivedAt < now ? item.ReceivedAt : now };
    }

    /// <summary>Whether the item was routed (or has moved on since): processing it again would change nothing. A failed one was not.</summary>
    public async Task<bool> IsRoutedAsync(TrackingCode trackingCode, CancellationToken cancellationToken) =>
        await store.GetAsync(trackingCode, cancellationToken) is { Status: not (FeedbackStatus.Received or FeedbackStatus.Failed) };

    /// <summary>After the last retry: the item is marked failed with the reason, so nobody waits on it silently.</summary>
    public async Task MarkFailedAsync(TrackingCode trackingCode, string reason, CancellationToken cancellationToken)
    {
        var item = await store.GetAsync(trackingCode, cancellationToken);
        if (item is null || item.Status != FeedbackStatus.Received)
            return;
        var failed = item with
        {
            Status = FeedbackStatus.Failed,
            FailureReason = reason,
            History = [.. item.History, new StatusChange(clock.GetUtcNow(), FeedbackStatus.Failed, "پردازش نشد؛ کارشناس بررسی می‌کند")],
        };
        await store.SaveAsync(failed, cancellationToken);
    }
}

/// <summary>A prepared item: what processing found when it was done already, or the item routed and waiting for its save.</summary>
public sealed record ProcessingStep(ProcessingResult? Done, RoutedItem? Routed);

/// <summary>
/// An item routed (indexed, counted) or attached to a case, to be saved over <see cref="Version"/>, the version it was
/// prepared from, once its <see cref="Acknowledgement"/> (none without a phone, none when attached) is asked for.
/// </summary>
public sealed record RoutedItem(FeedbackItem Item, string Version, bool NeedsReview, SmsRequested? Acknowledgement)
{
    public ProcessingResult Result => new(
        Item.Status == FeedbackStatus.Attached ? ProcessingOutcome.Attached : NeedsReview ? ProcessingOutcome.RoutedForReview : ProcessingOutcome.Routed,
        Item);
}

/// <summary>What processing did, and the item as it is now stored (routed or attached, or as it was found when already done).</summary>
public sealed record ProcessingResult(ProcessingOutcome Outcome, FeedbackItem Item);

public enum ProcessingOutcome
{
    Routed,
    RoutedForReview,
    AlreadyDone,

    /// <summary>An SMS that answered a case: the answer is on the case, the item attached to it.</summary>
    Attached,
}

/// <summary>An item that cannot be processed as it is: retried, then dead-lettered with this message as the reason.</summary>
public sealed class ProcessingException(string message) : Exception(message);
