using System.Security.Cryptography;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Privacy;

namespace Feedback.Core.Intake;

/// <summary>A validated message from any channel, ready to be accepted.</summary>
/// <param name="WrittenMessage">
/// An SMS as the citizen wrote it, when a rating was parsed off it (<see cref="SurveyReply"/>) and <paramref name="Text"/> is
/// what followed: the answer to a case is the whole message (processing's <c>SmsReplies</c>).
/// </param>
public sealed record NewFeedback(
    FeedbackChannel Channel,
    string Text,
    string Province,
    string? County,
    int? Rating,
    IranianMobile? Phone,
    string? CounterOffice,
    string? ServiceCode,
    string? NamedAgency = null,
    string? SurveyId = null,
    string? ServiceName = null,
    string? WrittenMessage = null);

/// <summary>
/// An accepted item. <see cref="Enqueued"/> is false when storing worked but handing it to processing did
/// not: it is marked pending, and the sweeper hands it over within minutes. It is accepted either way.
/// </summary>
/// <param name="Conflict">
/// An SMS whose provider message id an earlier SMS with another sender or text already had: not a redelivery, so
/// it was kept as an item of its own, and the caller records the conflict.
/// </param>
public sealed record IntakeReceipt(TrackingCode Code, bool Enqueued, bool Conflict = false);

/// <summary>
/// Accepts feedback: store first, then enqueue (the item as stored goes with its code, <see cref="ReceivedItems"/>),
/// answer with the tracking code. Items that arrive together are stored and enqueued together (<see cref="IntakeBatches"/>):
/// one entity group transaction and one queue send a batch. Only when the enqueue fails is a pending marker written, which the sweeper finishes from; if that fails
/// too, the failure reaches the caller and nothing is claimed. A crash between the insert and the answer leaves
/// an item whose code nobody was given (a web form's citizen sends again; a provider redelivers an SMS, which
/// finds its item and enqueues it), so nothing accepted waits on a marker that was never needed.
/// </summary>
/// <param name="linger">How long a batch waits for company (<see cref="IntakeBatches.Linger"/>).</param>
/// <param name="randomBelow">The random source of codes: cryptographic in production, seeded in tests (<see cref="IntakeBatches"/>).</param>
public sealed class FeedbackIntake(IFeedbackStore store, IMessageSender sender, PhoneProtector phones, TimeProvider clock, TimeSpan linger, Func<int, int> randomBelow)
{
    /// <summary>Intake with batches that linger <see cref="IntakeBatches.DefaultLinger"/>.</summary>
    public FeedbackIntake(IFeedbackStore store, IMessageSender sender, PhoneProtector phones, TimeProvider clock)
        : this(store, sender, phones, clock, IntakeBatches.DefaultLinger, RandomNumberGenerator.GetInt32)
    {
    }

    private readonly ProcessingHandOver handOver = new(sender);
    private readonly IntakeBatches batches = new(store, sender, clock, linger, randomBelow);
    private readonly RecentSms recent = new(clock);

    private const int MaxAttempts = 5;

    public async Task<IntakeReceipt> AcceptAsync(NewFeedback feedback, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await TryAcceptAsAsync(batches.NewCode(), feedback, smsKey: null) is { } receipt)
                return receipt;
        }
        throw new InvalidOperationException($"no free tracking code after {MaxAttempts} draws");
    }

    /// <summary>
    /// Accepts an inbound SMS once, however often the provider delivers it: the first delivery's item claims its
    /// de-duplication key in the transaction that stores it (<see cref="IFeedbackStore.TryCreateAllAsync"/>); a later
    /// one finds the key claimed, gets the same code, and hands the item to processing again if it is still received
    /// (an earlier delivery could not). A claim of the layout before (claim first, item after) that names no item, or
    /// another item, is dropped.
    /// </summary>
    public async Task<IntakeReceipt> AcceptSmsAsync(string deduplicationKey, NewFeedback feedback, CancellationToken cancellationToken)
    {
        if (AcceptedHere(deduplicationKey, feedback) is { } again)
            return again;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await TryAcceptAsAsync(batches.NewCodeFor(deduplicationKey), feedback, deduplicationKey) is { } receipt)
            {
                if (receipt.Enqueued)
                    recent.Add(deduplicationKey, receipt.Code, phones.LookupHash(feedback.Phone!), phones.TextHash(feedback.Text));
                return receipt;
            }
            // The key is claimed, or an earlier delivery is in a batch now (and has stored its item, or failed).
            if (await store.FindSmsClaimAsync(deduplicationKey, cancellationToken) is not { } code)
                continue;
            var existing = await store.GetAsync(code, cancellationToken);
            if (existing?.SmsKey == deduplicationKey)
            {
                if (!IsSameMessage(existing, feedback))
                    return await AcceptSmsAsync(ConflictKey(deduplicationKey, feedback), feedback, cancellationToken) with { Conflict = true };
                return existing.Status == FeedbackStatus.Received ? new IntakeReceipt(code, await TryEnqueueAsync(new ReceivedItem(code), cancellationToken)) : new IntakeReceipt(code, true);
            }
            // Only a claim of the layout before can name no item (a crash between its claim and its insert: nobody was
            // given the code) or another item's code: it is dropped, and the SMS claims its key anew.
            await store.ReleaseSmsClaimAsync(deduplicationKey, code, cancellationToken);
        }
        throw new InvalidOperationException($"no tracking code could be claimed for the SMS after {MaxAttempts} attempts");
    }

    /// <summary>
    /// The receipt of an SMS this process stored and handed to processing in the last minutes (<see cref="RecentSms"/>),
    /// when this is a redelivery of it (the same sender and text): nothing to store or hand over again, no request.
    /// Null otherwise: a redelivery to another process, or later, finds its claim in storage.
    /// </summary>
    private IntakeReceipt? AcceptedHere(string deduplicationKey, NewFeedback feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        return feedback.Phone is { } phone && recent.Find(deduplicationKey) is { } earlier
            && earlier.PhoneHash == phones.LookupHash(phone) && earlier.TextHash == phones.TextHash(feedback.Text)
            ? new IntakeReceipt(earlier.Code, Enqueued: true)
            : null;
    }

    /// <summary>A redelivery brings the same sender and the same text; the key alone (the provider's message id) is not enough.</summary>
    private bool IsSameMessage(FeedbackItem existing, NewFeedback feedback) =>
        existing.Text == PersonalData.MaskIn(feedback.Text)
        && existing.PhoneHash == (feedback.Phone is null ? null : phones.LookupHash(feedback.Phone));

    /// <summary>
    /// The key of an SMS that reused another's message id: the id with a keyed hash of its sender and text, so a
    /// redelivery of this one finds it again, and nothing readable of either is in the key.
    /// </summary>
    private string ConflictKey(string deduplicationKey, NewFeedback feedback) =>
        $"{deduplicationKey}-c-{phones.LookupHash(feedback.Phone ?? throw new ArgumentException("an SMS has a sender", nameof(feedback))).Value[..16]}-{phones.TextHash(feedback.Text)[..16]}";

    /// <summary>Hands a marked item to processing and clears its marker: the sweeper's retry of an unfinished intake.</summary>
    public async Task EnqueueAsync(TrackingCode trackingCode, CancellationToken cancellationToken)
    {
        await SendAsync(new ReceivedItem(trackingCode));
        await store.ClearPendingAsync(trackingCode, cancellationToken);
    }

    /// <summary>Not cancelled with the caller: whether the item reached the queue is always learnt (<see cref="ProcessingHandOver"/>).</summary>
    private Task SendAsync(ReceivedItem item) => handOver.SendAsync(item);

    /// <summary>A redelivered SMS's item handed over again (a new item is handed over with its batch): false when the send failed and the item was marked for the sweeper instead.</summary>
    private async Task<bool> TryEnqueueAsync(ReceivedItem item, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(item);
            return true;
        }
        // The send is never the caller's to cancel: a cancellation here is a timeout of the send, so the item is marked.
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await store.MarkPendingAsync(item.Code, clock.GetUtcNow(), cancellationToken);
            return false;
        }
    }

    /// <returns>The receipt, or null when the SMS's key is claimed already or in a batch now (look for its claim).</returns>
    private Task<IntakeReceipt?> TryAcceptAsAsync(TrackingCode code, NewFeedback feedback, string? smsKey)
    {
        var now = clock.GetUtcNow();
        // Personal data typed into the message never reaches a table in clear: the text keeps it masked, the original is sealed.
        var shown = PersonalData.MaskIn(feedback.Text);
        var item = new FeedbackItem
        {
            TrackingCode = code,
            Channel = feedback.Channel,
            Text = shown,
            EncryptedText = shown == feedback.Text ? null : phones.EncryptText(feedback.Text),
            EncryptedMessage = feedback.WrittenMessage is { } written ? phones.EncryptText(written) : null,
            Province = feedback.Province,
            County = feedback.County,
            Rating = feedback.Rating,
            EncryptedPhone = feedback.Phone is null ? null : phones.Encrypt(feedback.Phone),
            PhoneHash = feedback.Phone is null ? null : phones.LookupHash(feedback.Phone),
            CounterOffice = feedback.CounterOffice,
            ServiceCode = feedback.ServiceCode,
            ServiceName = feedback.ServiceName,
            NamedAgency = feedback.NamedAgency,
            SurveyId = feedback.SurveyId,
            ReceivedAt = now,
            SmsKey = smsKey,
            History = [new StatusChange(now, FeedbackStatus.Received, "ثبت شد")],
        };
        return batches.AddAsync(item);
    }
}
