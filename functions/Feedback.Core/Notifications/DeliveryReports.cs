namespace Feedback.Core.Notifications;

/// <summary>
/// Applies the provider's delivery reports to outgoing SMS, whether pushed (its callback) or pulled (the poll
/// of SMS still not final after <see cref="PollAfter"/>). A report of a blocked number opts that number out.
/// </summary>
public sealed class DeliveryReports(ISmsStore store, ISmsGateway gateway, TimeProvider clock)
{
    public static readonly TimeSpan PollAfter = TimeSpan.FromMinutes(10);

    /// <summary>The most ids one status request may carry.</summary>
    public const int PollBatch = 500;

    /// <returns>False when no SMS has this provider id.</returns>
    public async Task<bool> ApplyAsync(string providerMessageId, SmsState reported, CancellationToken cancellationToken)
    {
        var key = await store.FindByProviderIdAsync(providerMessageId, cancellationToken);
        if (key is null || await store.GetAsync(key, cancellationToken) is not { } sms)
            return false;
        await ApplyAsync(sms, reported, cancellationToken);
        return true;
    }

    /// <summary>Asks the provider about every SMS sent more than <see cref="PollAfter"/> ago and not final yet.</summary>
    /// <returns>How many changed state.</returns>
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var keys = await store.ListAwaitingReportAsync(clock.GetUtcNow() - PollAfter, PollBatch, cancellationToken);
        var awaiting = new List<OutgoingSms>();
        foreach (var key in keys)
        {
            if (await store.GetAsync(key, cancellationToken) is { ProviderMessageId: not null } sms)
                awaiting.Add(sms);
        }
        if (awaiting.Count == 0)
            return 0;
        var states = await gateway.GetStatesAsync(awaiting.Select(sms => sms.ProviderMessageId!).ToArray(), cancellationToken);
        var changed = 0;
        foreach (var sms in awaiting)
        {
            if (states.TryGetValue(sms.ProviderMessageId!, out var state) && await ApplyAsync(sms, state, cancellationToken))
                changed++;
        }
        return changed;
    }

    private async Task<bool> ApplyAsync(OutgoingSms sms, SmsState reported, CancellationToken cancellationToken)
    {
        // Reports can arrive late and out of order: a final state stays, and only progress is recorded.
        if (sms.IsFinal || reported is SmsState.Queued or SmsState.Sending || reported == sms.State)
            return false;
        var now = clock.GetUtcNow();
        var note = reported == SmsState.Blocked ? "the operator reports the number blocks this sender" : null;
        await store.SaveAsync(sms.Moved(reported, now, note) with { FailureReason = reported is SmsState.Failed or SmsState.Blocked ? note ?? "not delivered" : sms.FailureReason }, cancellationToken);
        if (reported == SmsState.Blocked)
            await store.UpdatePhoneAsync(sms.PhoneHash, phone => phone.OptedOut ? null : phone with { OptedOut = true, OptedOutAt = now }, cancellationToken);
        return true;
    }
}
