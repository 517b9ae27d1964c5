using System.Text.Json;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Privacy;

namespace Feedback.Core.Intake;

/// <summary>A validated message from any channel, ready to be accepted.</summary>
public sealed record NewFeedback(
    FeedbackChannel Channel,
    string Text,
    string Province,
    string? County,
    int? Rating,
    IranianMobile? Phone,
    string? CounterOffice,
    string? ServiceCode);

/// <summary>
/// Accepts feedback: store first, then enqueue, answer with the tracking code. A pending marker is
/// written before the item and cleared after the enqueue, so a crash anywhere in between leaves a
/// marker the sweeper finishes from; nothing the citizen was told is accepted is ever lost.
/// </summary>
public sealed class FeedbackIntake(IFeedbackStore store, IMessageSender sender, PhoneProtector phones, TimeProvider clock)
{
    private const int MaxCodeDraws = 5;

    public async Task<TrackingCode> AcceptAsync(NewFeedback feedback, CancellationToken cancellationToken)
    {
        for (var draw = 0; draw < MaxCodeDraws; draw++)
        {
            var code = TrackingCode.NewCode();
            if (await TryAcceptAsAsync(code, feedback, cancellationToken))
                return code;
        }
        throw new InvalidOperationException($"no free tracking code after {MaxCodeDraws} draws");
    }

    /// <summary>
    /// Accepts an inbound SMS once, however often the provider delivers it: the first delivery claims its
    /// de-duplication key for a new code; later ones get the same code (and finish the job if the first
    /// delivery crashed before storing the item).
    /// </summary>
    public async Task<TrackingCode> AcceptSmsAsync(string deduplicationKey, NewFeedback feedback, CancellationToken cancellationToken)
    {
        var candidate = TrackingCode.NewCode();
        var claimed = await store.ClaimSmsAsync(deduplicationKey, candidate.Value, cancellationToken);
        var code = TrackingCode.Parse(claimed).Code ?? throw new InvalidOperationException("the store returned a malformed tracking code");
        if (await store.GetAsync(code.Value, cancellationToken) is null)
            await TryAcceptAsAsync(code, feedback, cancellationToken);
        return code;
    }

    /// <summary>Hands a stored item to processing: the sweeper's retry of a crashed intake, and the tail of every intake.</summary>
    public async Task EnqueueAsync(string trackingCode, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new FeedbackReceived(trackingCode));
        await sender.SendAsync(Queues.FeedbackIntake, new OutgoingMessage(trackingCode, body, new Dictionary<string, string>()), cancellationToken);
        await store.ClearPendingAsync(trackingCode, cancellationToken);
    }

    /// <summary>A retried insert whose first try succeeded (its answer was lost) finds its own row: that is not a clash.</summary>
    private async Task<bool> IsOwnEarlierWriteAsync(FeedbackItem item, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync(item.TrackingCode, cancellationToken);
        return existing is not null && existing.ReceivedAt == item.ReceivedAt && existing.Text == item.Text && existing.PhoneHash == item.PhoneHash;
    }

    private async Task<bool> TryAcceptAsAsync(TrackingCode code, NewFeedback feedback, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await store.MarkPendingAsync(code.Value, now, cancellationToken);
        var item = new FeedbackItem
        {
            TrackingCode = code.Value,
            Channel = feedback.Channel,
            Text = feedback.Text,
            Province = feedback.Province,
            County = feedback.County,
            Rating = feedback.Rating,
            EncryptedPhone = feedback.Phone is null ? null : phones.Encrypt(feedback.Phone),
            PhoneHash = feedback.Phone is null ? null : phones.LookupHash(feedback.Phone),
            CounterOffice = feedback.CounterOffice,
            ServiceCode = feedback.ServiceCode,
            ReceivedAt = now,
            History = [new StatusChange(now, FeedbackStatus.Received, "ثبت شد")],
        };
        // On a clash the marker stays: another delivery of the same SMS may be mid-intake under this code, and
        // the sweeper's re-enqueue of an existing item is harmless (processing is idempotent).
        if (!await store.TryCreateAsync(item, cancellationToken) && !await IsOwnEarlierWriteAsync(item, cancellationToken))
            return false;
        await EnqueueAsync(code.Value, cancellationToken);
        return true;
    }
}
