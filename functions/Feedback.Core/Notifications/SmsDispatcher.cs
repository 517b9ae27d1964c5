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
    /// SMS is recorded as <see cref="SmsState.Unconfirmed"/> instead of being sent again. Within it from the earliest
    /// attempt an SMS can have had (<see cref="SmsRequested.NoAttemptBefore"/>), it is sent without that record.
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
        // Every attempt this SMS can have had is one the provider still recognises: a repeat sends nothing twice, so no
        // Sending record is needed to catch one it may have forgotten. The writes after the send are then conditional on
        // the read, so that a twin delivery sending it at the same time neither is overwritten nor counts it again.
        var recognised = request.NoAttemptBefore is { } earliest && now - earliest < rules.ResendProtectedFor;
        if (!recognised)
            return await DispatchAsync(request, await store.GetWithPhoneAsync(request.PhoneHash, request.Key, cancellationToken), recognised, now, cancellationToken);

        // The SMS row is then only needed when the phone's state holds the SMS back, or when the write after the send is
        // refused (the row exists): a point read of the phone alone serves the common case.
        var phone = await store.GetVersionedPhoneAsync(request.PhoneHash, cancellationToken);
        if (MaySupersede(request) || OptedOutOf(request, phone.State) || WaitsUntil(request, phone.State, now) is not null)
            return await DispatchAsync(request, new SmsWithPhone(await store.GetVersionedAsync(request.PhoneHash, request.Key, cancellationToken), phone), recognised, now, cancellationToken);
        var (result, after) = await SendAsync(request, cancellationToken);
        if (await RecordAsync(request, result, New(request, now), null, recognised, phone, after, cancellationToken) is { } outcome)
            return outcome;
        // Another delivery stored this SMS first: settled, it stands (the provider sent it once under its key); still
        // queued (a paused send), this send is stored over it.
        return await store.GetVersionedAsync(request.PhoneHash, request.Key, cancellationToken) is { Sms.IsSettled: false } stored
            ? await RecordAsync(request, result, stored.Sms, stored.Version, recognised, phone, after, cancellationToken) ?? DispatchOutcome.AlreadyHandled
            : DispatchOutcome.AlreadyHandled;
    }

    private async Task<DispatchOutcome> DispatchAsync(SmsRequested request, SmsWithPhone read, bool recognised, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sms = read.Sms?.Sms ?? New(request, now);
        if (sms.IsSettled)
            return DispatchOutcome.AlreadyHandled;
        if (MaySupersede(request) && sms.State == SmsState.Queued && await superseded!.IsSupersededAsync(request, cancellationToken))
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
        if (OptedOutOf(request, phone))
        {
            await store.SaveAsync(sms.Moved(SmsState.Blocked, now, "opted out") with { FailureReason = "the number opted out" }, cancellationToken);
            return DispatchOutcome.Blocked;
        }
        if (WaitsUntil(request, phone, now) is { } later)
        {
            await DeferAsync(request, later, cancellationToken);
            return DispatchOutcome.Deferred;
        }

        if (!recognised)
        {
            sms = sms.Moved(SmsState.Sending, now);
            // Another delivery of this message (its lease ran out while this one was slow) may have sent it since the
            // read: its Sent must not be overwritten by this Sending.
            if (!await store.TrySaveAsync(sms, read.Sms?.Version, cancellationToken))
            {
                if ((await store.GetAsync(request.PhoneHash, request.Key, cancellationToken))?.IsSettled == true)
                    return DispatchOutcome.AlreadyHandled;
                throw new InvalidOperationException($"SMS {request.Key.Split('-')[0]} is being sent by another delivery of its message; this one tries again later");
            }
        }
        var (result, after) = await SendAsync(request, cancellationToken);
        return await RecordAsync(request, result, sms, read.Sms?.Version, recognised, read.Phone, after, cancellationToken) ?? DispatchOutcome.AlreadyHandled;
    }

    private async Task<(SmsSendResult Result, DateTimeOffset After)> SendAsync(SmsRequested request, CancellationToken cancellationToken)
    {
        var result = await gateway.SendAsync(new SmsToSend(request.Key, phones.Decrypt(request.EncryptedPhone), request.PhoneHash, request.Text), cancellationToken);
        sending.Report((result as SmsSendResult.Paused)?.Reason);
        return (result, clock.GetUtcNow());
    }

    /// <summary>
    /// Stores what the send came to, from <paramref name="sms"/> as read at <paramref name="version"/>; a paused SMS is
    /// also put back on the queue. Null when the SMS was sent without a Sending record and another delivery stored it
    /// since (nothing is written).
    /// </summary>
    private async Task<DispatchOutcome?> RecordAsync(SmsRequested request, SmsSendResult result, OutgoingSms sms, string? version, bool withoutSending, VersionedPhone phone, DateTimeOffset after, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case SmsSendResult.Accepted accepted:
                var sent = sms.Moved(SmsState.Sent, after) with { ProviderMessageId = accepted.ProviderMessageId, SentAt = after };
                Func<PhoneState, PhoneState?> counted = state => state.CountedSend(TehranTime.DayKey(after));
                if (withoutSending)
                    return await store.TrySaveWithPhoneAsync(sent, version, counted, cancellationToken, phone) ? DispatchOutcome.Sent : null;
                // The Sending write changed the SMS row only: the phone's version from the read still holds, unless another SMS to it was counted since.
                await store.SaveWithPhoneAsync(sent, counted, cancellationToken, phone);
                return DispatchOutcome.Sent;
            case SmsSendResult.Undeliverable undeliverable:
                return await SaveAfterSendAsync(sms.Moved(SmsState.Failed, after, undeliverable.Reason) with { FailureReason = undeliverable.Reason }, withoutSending, version, cancellationToken)
                    ? DispatchOutcome.Undeliverable
                    : null;
            default:
                if (!await SaveAfterSendAsync(sms.Moved(SmsState.Queued, after, $"sending paused: {((SmsSendResult.Paused)result).Reason}"), withoutSending, version, cancellationToken))
                    return null;
                await DeferAsync(request, after + rules.PausedRetryAfter, cancellationToken);
                return DispatchOutcome.Paused;
        }
    }

    /// <summary>
    /// Stores what the send came to: when the SMS was sent without a Sending record, only over the version it was read at
    /// (null: only if there is none yet), and false when another delivery stored it since; after a Sending record, as it is.
    /// </summary>
    private async Task<bool> SaveAfterSendAsync(OutgoingSms sms, bool withoutSending, string? readVersion, CancellationToken cancellationToken)
    {
        if (withoutSending)
            return await store.TrySaveAsync(sms, readVersion, cancellationToken);
        await store.SaveAsync(sms, cancellationToken);
        return true;
    }

    /// <summary>
    /// After the last retry: the SMS is recorded failed with the reason, unless it was settled meanwhile. Also when nothing
    /// was stored of it yet (an SMS sent without a Sending record leaves none until it is sent), so nobody waits on it silently.
    /// </summary>
    /// <returns>Whether it was recorded failed.</returns>
    public async Task<bool> GiveUpAsync(SmsRequested request, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var read = await store.GetVersionedAsync(request.PhoneHash, request.Key, cancellationToken);
        if (read?.Sms is { IsSettled: true })
            return false;
        var failed = (read?.Sms ?? New(request, now)).Moved(SmsState.Failed, now, "not sent after every retry") with { FailureReason = reason };
        return await store.TrySaveAsync(failed, read?.Version, cancellationToken);
    }

    private bool MaySupersede(SmsRequested request) => request.Kind == SmsKind.StatusUpdate && superseded is not null;

    private static bool OptedOutOf(SmsRequested request, PhoneState phone) => phone.OptedOut && request.Kind == SmsKind.Survey;

    /// <summary>Null when the SMS may go now (a confirmation always may); otherwise when it may.</summary>
    private DateTimeOffset? WaitsUntil(SmsRequested request, PhoneState phone, DateTimeOffset now) => request.IsConfirmation ? null : AllowedFrom(phone, now);

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
