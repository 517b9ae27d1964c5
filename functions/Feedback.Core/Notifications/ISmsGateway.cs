using Feedback.Core.Input;
using Feedback.Core.Privacy;

namespace Feedback.Core.Notifications;

/// <summary>One SMS for the provider: the number in clear (only here), and its look-up hash so that nothing computes it again.</summary>
public sealed record SmsToSend(string Key, IranianMobile Phone, PhoneHash PhoneHash, string Text);

/// <summary>What the provider made of one SMS. A configuration error or a failure that outlasted the retries is an exception instead.</summary>
public abstract record SmsSendResult
{
    public sealed record Accepted(string ProviderMessageId) : SmsSendResult;

    /// <summary>This SMS can never be sent (an invalid number, a refused text): retrying will not help.</summary>
    public sealed record Undeliverable(string Reason) : SmsSendResult;

    /// <summary>
    /// Nothing can be sent until someone acts (no credit, a wrong key or line) or the provider lets us again
    /// (throttled): the SMS waits on the queue. <see cref="Reason"/> is for operators and never holds the key.
    /// </summary>
    public sealed record Paused(string Reason) : SmsSendResult;
}

/// <summary>The SMS provider: Kavenegar in production, an outbox table when running locally without a key.</summary>
public interface ISmsGateway
{
    /// <summary>Sends once per <see cref="SmsToSend.Key"/>: a retry with a key the provider already has does not send again.</summary>
    Task<SmsSendResult> SendAsync(SmsToSend sms, CancellationToken cancellationToken);

    /// <summary>The delivery state of each given provider id the provider knows.</summary>
    Task<IReadOnlyDictionary<string, SmsState>> GetStatesAsync(IReadOnlyList<string> providerMessageIds, CancellationToken cancellationToken);
}

/// <summary>Whether sending SMS was paused at the last attempt, and why: the health check reports degraded while it is.</summary>
public sealed class SmsSendingStatus
{
    private volatile string? pausedBecause;

    public string? PausedBecause => pausedBecause;

    public void Report(string? pausedReason) => pausedBecause = pausedReason;
}
