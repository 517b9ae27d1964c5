namespace Feedback.Core.Notifications;

/// <summary>
/// Applies the provider's delivery reports to outgoing SMS, whether pushed (its callback) or pulled (the poll
/// of SMS still not final after <see cref="PollAfter"/>). Every waiting SMS has an end: a final report, the provider
/// saying it no longer knows the message, or <see cref="ReportWindow"/> passing.
/// </summary>
/// <remarks>
/// Two of Kavenegar's statuses are not what they first seem. 11 (not delivered) can still become 10: with the
/// account's "resend failed" setting on, Kavenegar sends the message again, so a failed SMS that is later reported
/// delivered becomes delivered. 14 means the citizen's phone refuses advertising lines: the number is opted out of
/// surveys (the only messages an opt-out stops), never of answers to feedback the citizen sent.
/// </remarks>
public sealed class DeliveryReports(ISmsStore store, ISmsGateway gateway, TimeProvider clock)
{
    public static readonly TimeSpan PollAfter = TimeSpan.FromMinutes(10);

    /// <summary>An SMS still on its way when polled is asked about again after this.</summary>
    public static readonly TimeSpan PollAgainAfter = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long after sending the provider reports a message's status: Kavenegar's sms/status covers 48 hours, then
    /// answers 100 (unknown id). Some messages stay "sent to the operator" (4, 5) for good; past this they are
    /// <see cref="SmsState.Unconfirmed"/>.
    /// </summary>
    public static readonly TimeSpan ReportWindow = TimeSpan.FromHours(48);

    /// <summary>The most ids one status request may carry.</summary>
    public const int PollBatch = 500;

    /// <returns>False when no SMS has this provider id.</returns>
    public async Task<bool> ApplyAsync(string providerMessageId, SmsState reported, CancellationToken cancellationToken)
    {
        var address = await store.FindByProviderIdAsync(providerMessageId, cancellationToken);
        if (address is null || await store.GetAsync(address.PhoneHash, address.Key, cancellationToken) is not { } sms)
            return false;
        await ApplyAsync(sms, reported, cancellationToken);
        return true;
    }

    /// <summary>
    /// Asks the provider about the SMS longest due for a poll (at most <see cref="PollBatch"/>), ends those past
    /// <see cref="ReportWindow"/> without asking, and postpones the ones still on their way by <see cref="PollAgainAfter"/>.
    /// </summary>
    /// <returns>How many changed state.</returns>
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var addresses = await store.ListAwaitingReportAsync(now - PollAfter, now, PollBatch, cancellationToken);
        var awaiting = new List<OutgoingSms>();
        var changed = 0;
        foreach (var address in addresses)
        {
            if (await store.GetAsync(address.PhoneHash, address.Key, cancellationToken) is not { ProviderMessageId: not null } sms)
                continue;
            if (sms.IsFinal)
                // Its report came between the listing and now, or its entry outlived it: saving it again ends the wait.
                await store.SaveAsync(sms, cancellationToken);
            else if (now - (sms.SentAt ?? sms.CreatedAt) >= ReportWindow)
                changed += await ApplyAsync(sms, SmsState.Unconfirmed, cancellationToken) ? 1 : 0;
            else
                awaiting.Add(sms);
        }
        if (awaiting.Count == 0)
            return changed;
        var states = await gateway.GetStatesAsync(awaiting.Select(sms => sms.ProviderMessageId!).ToArray(), cancellationToken);
        var stillWaiting = new List<string>();
        foreach (var sms in awaiting)
        {
            if (states.TryGetValue(sms.ProviderMessageId!, out var state) && await ApplyAsync(sms, state, cancellationToken))
                changed++;
            else
                stillWaiting.Add(sms.ProviderMessageId!);
        }
        await store.PostponeReportPollAsync(stillWaiting, now + PollAgainAfter, cancellationToken);
        return changed;
    }

    private async Task<bool> ApplyAsync(OutgoingSms sms, SmsState reported, CancellationToken cancellationToken)
    {
        // Reports can arrive late and out of order: a final state stays, and only progress is recorded. The one
        // exception is a failed SMS the provider sent again and then delivered.
        var redelivered = sms.State == SmsState.Failed && reported == SmsState.Delivered;
        if ((sms.IsFinal && !redelivered) || reported is SmsState.Queued or SmsState.Sending || reported == sms.State)
            return false;
        var now = clock.GetUtcNow();
        var note = reported switch
        {
            SmsState.Blocked => "the operator reports the number refuses advertising lines",
            SmsState.Unconfirmed => "no final delivery report while the provider could give one",
            _ when redelivered => "delivered after the provider sent it again",
            _ => null,
        };
        var failureReason = reported switch
        {
            SmsState.Failed or SmsState.Blocked => note ?? "not delivered",
            SmsState.Delivered => null,
            _ => sms.FailureReason,
        };
        var moved = sms.Moved(reported, now, note) with { FailureReason = failureReason };
        if (reported == SmsState.Blocked)
            await store.SaveWithPhoneAsync(moved, phone => phone.OptedOut ? null : phone with { OptedOut = true, OptedOutAt = now }, cancellationToken);
        else
            await store.SaveAsync(moved, cancellationToken);
        return true;
    }
}
