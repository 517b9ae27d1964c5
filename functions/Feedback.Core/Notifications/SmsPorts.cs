using Feedback.Core.Input;
using Feedback.Core.Privacy;

namespace Feedback.Core.Notifications;

/// <summary>Where outgoing SMS and per-phone state are kept.</summary>
public interface ISmsStore
{
    /// <summary>The SMS with this key to this phone, or null.</summary>
    Task<OutgoingSms?> GetAsync(PhoneHash phoneHash, string key, CancellationToken cancellationToken);

    /// <summary>The SMS with this key to this phone and the version it was read at (for <see cref="TrySaveAsync"/>), or null.</summary>
    Task<VersionedSms?> GetVersionedAsync(PhoneHash phoneHash, string key, CancellationToken cancellationToken);

    /// <summary>The SMS (null when there is none) and its phone's state, each with the version it was read at (for <see cref="TrySaveAsync"/>), in one read.</summary>
    Task<SmsWithPhone> GetWithPhoneAsync(PhoneHash phoneHash, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the SMS only if it is still at <paramref name="version"/> (null: only if there is none yet), so that a
    /// delivery working from an old read never overwrites what another delivery of the same message wrote since.
    /// </summary>
    /// <returns>False when it had changed (nothing is written).</returns>
    Task<bool> TrySaveAsync(OutgoingSms sms, string? version, CancellationToken cancellationToken);

    /// <summary>Stores the SMS as it now is; a sent one also becomes findable by its provider id and, until final, listed as awaiting a report.</summary>
    Task SaveAsync(OutgoingSms sms, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the SMS as <see cref="SaveAsync"/> does and, in the same write, <paramref name="change"/> of its phone's state,
    /// which loses no concurrent change as <see cref="UpdatePhoneAsync"/> does (with <paramref name="lastRead"/>, the first
    /// attempt works from that read). A sent SMS and today's count are stored together or not at all.
    /// </summary>
    /// <returns>The phone's state before and after.</returns>
    Task<(PhoneState Before, PhoneState After)> SaveWithPhoneAsync(OutgoingSms sms, Func<PhoneState, PhoneState?> change, CancellationToken cancellationToken, VersionedPhone? lastRead = null);

    /// <summary>
    /// As <see cref="SaveWithPhoneAsync"/>, but the SMS (and the phone's change with it) only if the SMS is still at
    /// <paramref name="version"/> (null: only if there is none yet): a delivery that sent it without storing it as
    /// <see cref="SmsState.Sending"/> first must neither overwrite nor count again what another delivery stored since.
    /// Its provider-id rows may be written either way (the same rows: the provider answers a repeat with its first message).
    /// </summary>
    /// <returns>False when the SMS had changed (neither it nor the phone is written).</returns>
    Task<bool> TrySaveWithPhoneAsync(OutgoingSms sms, string? version, Func<PhoneState, PhoneState?> change, CancellationToken cancellationToken, VersionedPhone? lastRead = null);

    /// <summary>Where the SMS the provider knows by this id is, or null.</summary>
    Task<SmsAddress?> FindByProviderIdAsync(string providerMessageId, CancellationToken cancellationToken);

    /// <summary>
    /// SMS sent before <paramref name="sentBefore"/>, not yet final, and whose poll is due at <paramref name="now"/>
    /// (never postponed, or postponed to <paramref name="now"/> or before), the longest due first: an SMS is due since it
    /// was sent, or since the time it was postponed to. So a poll that postpones what it asked about reaches every
    /// waiting SMS in turn, however many never change.
    /// </summary>
    Task<IReadOnlyList<SmsAddress>> ListAwaitingReportAsync(DateTimeOffset sentBefore, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Makes the waiting SMS with these provider ids due for a poll again only at <paramref name="until"/>; ids no longer waiting are skipped.</summary>
    Task PostponeReportPollAsync(IReadOnlyCollection<string> providerMessageIds, DateTimeOffset until, CancellationToken cancellationToken);

    Task<PhoneState> GetPhoneAsync(PhoneHash phoneHash, CancellationToken cancellationToken);

    /// <summary>The phone's state and the version it was read at, for an update that starts from this read.</summary>
    Task<VersionedPhone> GetVersionedPhoneAsync(PhoneHash phoneHash, CancellationToken cancellationToken);

    /// <summary>
    /// Read-modify-write of one phone's state that loses no concurrent change: <paramref name="change"/> may run
    /// more than once, and returns null when there is nothing to change. With <paramref name="lastRead"/> the
    /// first attempt works from that read instead of reading again; if the phone changed since, it reads again.
    /// </summary>
    /// <returns>The state before and after (the same when nothing changed).</returns>
    Task<(PhoneState Before, PhoneState After)> UpdatePhoneAsync(PhoneHash phoneHash, Func<PhoneState, PhoneState?> change, CancellationToken cancellationToken, VersionedPhone? lastRead = null);
}

public sealed record VersionedSms(OutgoingSms Sms, string Version);

/// <summary>An SMS as read with its phone's state: <see cref="Sms"/> null when there is none yet.</summary>
public sealed record SmsWithPhone(VersionedSms? Sms, VersionedPhone Phone);

/// <summary>Where one SMS is kept: its phone and its key.</summary>
public sealed record SmsAddress(PhoneHash PhoneHash, string Key);

/// <summary>A phone's state as read; <see cref="Version"/> is null when none was stored yet.</summary>
public sealed record VersionedPhone(PhoneState State, string? Version);

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
