using System.Globalization;
using Feedback.Core.Messaging;
using Feedback.Core.Privacy;
using Feedback.Core.Time;

namespace Feedback.Core.Notifications;

/// <summary>The rules every outgoing SMS obeys, from configuration.</summary>
public sealed record SmsRules(QuietHours QuietHours, DailyCap DailyCap, TimeSpan PausedRetryAfter)
{
    public static SmsRules Default { get; } = new(QuietHours.Default, new DailyCap(), TimeSpan.FromMinutes(15));

    /// <summary>
    /// How long after a send whose outcome is unknown trying it again cannot send it twice: the provider recognises the
    /// key that long (Kavenegar keeps local ids for 12 hours; an hour less leaves room for clocks and queues). Later, the
    /// SMS is recorded as <see cref="SmsState.Unconfirmed"/> instead of being sent again.
    /// </summary>
    public TimeSpan ResendProtectedFor { get; init; } = TimeSpan.FromHours(11);

    /// <summary>Status changes of one item within this long of each other go out as one SMS, with the latest state (<see cref="Agencies.StatusNotices"/>).</summary>
    public TimeSpan StatusCoalescing { get; init; } = DefaultStatusCoalescing;

    public static TimeSpan DefaultStatusCoalescing { get; } = TimeSpan.FromMinutes(3);
}

/// <summary>Tells the dispatcher whether a status SMS has been overtaken by a later one of the same item.</summary>
public interface ISupersededNotices
{
    Task<bool> IsSupersededAsync(SmsRequested request, CancellationToken cancellationToken);
}

public enum DispatchOutcome
{
    Sent,
    AlreadyHandled,
    Blocked,
    Deferred,
    Undeliverable,
    Paused,

    /// <summary>An earlier attempt may have sent it, too long ago for the provider to recognise a repeat: not sent again.</summary>
    OutcomeUnknown,

    /// <summary>A status SMS a later status of the same item, soon after, replaces: not sent.</summary>
    Superseded,
}

/// <summary>
/// Sends one requested SMS, at most once per key: never a survey to a number that opted out (answers about
/// feedback the citizen sent still go, as the opt-out confirmation says), never in quiet hours or over the daily cap (it is put back on the queue for when it may go, never dropped),
/// and with no credit it waits on the queue too. A provider failure that outlasted the client's retries is
/// thrown, so the queue retries and finally dead-letters it.
/// </summary>
/// <param name="superseded">Drops status SMS a later status overtook (none without it).</param>
public sealed class SmsDispatcher(ISmsStore store, ISmsGateway gateway, IMessageSender queue, PhoneProtector phones, SmsSendingStatus sending, SmsRules rules, TimeProvider clock, ISupersededNotices? superseded = null)
{
    public async Task<DispatchOutcome> DispatchAsync(SmsRequested request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var read = await store.GetWithPhoneAsync(request.PhoneHash, request.Key, cancellationToken);
        var sms = read.Sms?.Sms ?? New(request, now);
        if (sms.IsSettled)
            return DispatchOutcome.AlreadyHandled;
        if (request.Kind == SmsKind.StatusUpdate && superseded is not null && sms.State == SmsState.Queued && await superseded.IsSupersededAsync(request, cancellationToken))
        {
            await store.SaveAsync(sms.Moved(SmsState.Blocked, now, "superseded: a later status of the item goes out instead"), cancellationToken);
            return DispatchOutcome.Superseded;
        }
        if (sms.State == SmsState.Sending && now - sms.History[^1].At >= rules.ResendProtectedFor)
        {
            const string reason = "an attempt to send it got no answer, too long ago to send it again without risking a duplicate";
            await store.SaveAsync(sms.Moved(SmsState.Unconfirmed, now, reason) with { FailureReason = reason }, cancellationToken);
            return DispatchOutcome.OutcomeUnknown;
        }

        var phone = read.Phone.State;
        if (phone.OptedOut && request.Kind == SmsKind.Survey)
        {
            await store.SaveAsync(sms.Moved(SmsState.Blocked, now, "opted out") with { FailureReason = "the number opted out" }, cancellationToken);
            return DispatchOutcome.Blocked;
        }
        if (!request.IsConfirmation && AllowedFrom(phone, now) is { } later)
        {
            await DeferAsync(request, later, cancellationToken);
            return DispatchOutcome.Deferred;
        }

        sms = sms.Moved(SmsState.Sending, now);
        // Another delivery of this message (its lease ran out while this one was slow) may have sent it since the
        // read: its Sent must not be overwritten by this Sending.
        if (!await store.TrySaveAsync(sms, read.Sms?.Version, cancellationToken))
        {
            if ((await store.GetAsync(request.PhoneHash, request.Key, cancellationToken))?.IsSettled == true)
                return DispatchOutcome.AlreadyHandled;
            throw new InvalidOperationException($"SMS {request.Key.Split('-')[0]} is being sent by another delivery of its message; this one tries again later");
        }
        var result = await gateway.SendAsync(new SmsToSend(request.Key, phones.Decrypt(request.EncryptedPhone), request.PhoneHash, request.Text), cancellationToken);
        var after = clock.GetUtcNow();
        sending.Report((result as SmsSendResult.Paused)?.Reason);
        switch (result)
        {
            case SmsSendResult.Accepted accepted:
                // The Sending write changed the SMS row only: the phone's version from the read still holds, unless another SMS to it was counted since.
                await store.SaveWithPhoneAsync(sms.Moved(SmsState.Sent, after) with { ProviderMessageId = accepted.ProviderMessageId, SentAt = after }, state => state.CountedSend(TehranTime.DayKey(after)), cancellationToken, read.Phone);
                return DispatchOutcome.Sent;
            case SmsSendResult.Undeliverable undeliverable:
                await store.SaveAsync(sms.Moved(SmsState.Failed, after, undeliverable.Reason) with { FailureReason = undeliverable.Reason }, cancellationToken);
                return DispatchOutcome.Undeliverable;
            default:
                await store.SaveAsync(sms.Moved(SmsState.Queued, after, $"sending paused: {((SmsSendResult.Paused)result).Reason}"), cancellationToken);
                await DeferAsync(request, after + rules.PausedRetryAfter, cancellationToken);
                return DispatchOutcome.Paused;
        }
    }

    /// <summary>Null when the SMS may go now; otherwise when it may: the end of quiet hours, or tomorrow morning once today's cap is used.</summary>
    private DateTimeOffset? AllowedFrom(PhoneState phone, DateTimeOffset now)
    {
        var allowed = rules.QuietHours.NextAllowedSend(now);
        if (allowed > now)
            return allowed;
        if (rules.DailyCap.Allows(phone.SentOn(TehranTime.DayKey(now))))
            return null;
        var local = TimeZoneInfo.ConvertTime(now, TehranTime.Zone).DateTime;
        var tomorrow = local.Date.AddDays(1);
        return rules.QuietHours.NextAllowedSend(new DateTimeOffset(tomorrow, TehranTime.Zone.GetUtcOffset(tomorrow)));
    }

    /// <summary>A copy of the request, due later; its own message id, so duplicate detection keeps it apart from the original.</summary>
    private Task DeferAsync(SmsRequested request, DateTimeOffset due, CancellationToken cancellationToken) =>
        queue.SendAsync(SmsRequested.Queue, request.ToMessage($"{request.Key}@{due.UtcTicks.ToString(CultureInfo.InvariantCulture)}") with { NotBefore = due }, cancellationToken);

    private static OutgoingSms New(SmsRequested request, DateTimeOffset now) => new()
    {
        Key = request.Key,
        Kind = request.Kind,
        PhoneHash = request.PhoneHash,
        EncryptedPhone = request.EncryptedPhone,
        Text = request.Text,
        State = SmsState.Queued,
        CreatedAt = now,
        History = [new SmsStateChange(now, SmsState.Queued, null)],
    };
}
