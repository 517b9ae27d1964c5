using Feedback.Core.Privacy;

namespace Feedback.Core.Notifications;

/// <summary>Where outgoing SMS and per-phone state are kept.</summary>
public interface ISmsStore
{
    Task<OutgoingSms?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>The SMS and the version it was read at, for <see cref="TrySaveAsync"/>; null when there is none.</summary>
    Task<VersionedSms?> GetVersionedAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the SMS only if it is still at <paramref name="version"/> (null: only if there is none yet), so that a
    /// delivery working from an old read never overwrites what another delivery of the same message wrote since.
    /// </summary>
    /// <returns>False when it had changed (nothing is written).</returns>
    Task<bool> TrySaveAsync(OutgoingSms sms, string? version, CancellationToken cancellationToken);

    /// <summary>Stores the SMS as it now is; a sent one also becomes findable by its provider id and, until final, listed as awaiting a report.</summary>
    Task SaveAsync(OutgoingSms sms, CancellationToken cancellationToken);

    /// <summary>The key of the SMS the provider knows by this id, or null.</summary>
    Task<string?> FindByProviderIdAsync(string providerMessageId, CancellationToken cancellationToken);

    /// <summary>
    /// Keys of SMS sent before <paramref name="sentBefore"/>, not yet final, and whose poll is due at <paramref name="now"/>
    /// (never postponed, or postponed to <paramref name="now"/> or before), the longest due first: an SMS is due since it
    /// was sent, or since the time it was postponed to. So a poll that postpones what it asked about reaches every
    /// waiting SMS in turn, however many never change.
    /// </summary>
    Task<IReadOnlyList<string>> ListAwaitingReportAsync(DateTimeOffset sentBefore, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Makes these waiting SMS due for a poll again only at <paramref name="until"/>; keys no longer waiting are skipped.</summary>
    Task PostponeReportPollAsync(IReadOnlyCollection<string> keys, DateTimeOffset until, CancellationToken cancellationToken);

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

/// <summary>A phone's state as read; <see cref="Version"/> is null when none was stored yet.</summary>
public sealed record VersionedPhone(PhoneState State, string? Version);
