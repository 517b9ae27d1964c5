using System.Collections.Concurrent;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;

namespace Feedback.Core.Tests.Notifications;

/// <summary>An <see cref="ISmsStore"/> in memory, with the same contract as the table one.</summary>
internal sealed class InMemorySmsStore : ISmsStore
{
    private readonly ConcurrentDictionary<string, OutgoingSms> sms = new();
    private readonly ConcurrentDictionary<PhoneHash, PhoneState> phones = new();
    private readonly ConcurrentDictionary<string, string> providerIds = new();
    private readonly Dictionary<string, long> versions = new(StringComparer.Ordinal);

    public IReadOnlyCollection<OutgoingSms> All => [.. sms.Values];

    /// <summary>The SMS with this key, whatever its phone: for tests that know only the key.</summary>
    public Task<OutgoingSms?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult(sms.GetValueOrDefault(key));

    public Task<OutgoingSms?> GetAsync(PhoneHash phoneHash, string key, CancellationToken cancellationToken) =>
        Task.FromResult(sms.TryGetValue(key, out var outgoing) && outgoing.PhoneHash == phoneHash ? outgoing : null);

    public Task<VersionedSms?> GetVersionedAsync(PhoneHash phoneHash, string key, CancellationToken cancellationToken)
    {
        lock (sms)
            return Task.FromResult(sms.TryGetValue(key, out var outgoing) && outgoing.PhoneHash == phoneHash ? new VersionedSms(outgoing, versions[key].ToString(System.Globalization.CultureInfo.InvariantCulture)) : null);
    }

    public async Task<SmsWithPhone> GetWithPhoneAsync(PhoneHash phoneHash, string key, CancellationToken cancellationToken)
    {
        var read = new SmsWithPhone(await GetVersionedAsync(phoneHash, key, cancellationToken), new VersionedPhone(phones.GetValueOrDefault(phoneHash) ?? new PhoneState(phoneHash), null));
        await MeanwhileAsync();
        return read;
    }

    private async Task MeanwhileAsync()
    {
        if (AfterNextRead is { } meanwhile)
        {
            AfterNextRead = null;
            await meanwhile();
        }
    }

    public async Task<(PhoneState Before, PhoneState After)> SaveWithPhoneAsync(OutgoingSms outgoing, Func<PhoneState, PhoneState?> change, CancellationToken cancellationToken, VersionedPhone? lastRead = null)
    {
        await SaveAsync(outgoing, cancellationToken);
        return await UpdatePhoneAsync(outgoing.PhoneHash, change, cancellationToken, lastRead);
    }

    public async Task<bool> TrySaveWithPhoneAsync(OutgoingSms outgoing, string? version, Func<PhoneState, PhoneState?> change, CancellationToken cancellationToken, VersionedPhone? lastRead = null)
    {
        if (!await TrySaveAsync(outgoing, version, cancellationToken))
            return false;
        await UpdatePhoneAsync(outgoing.PhoneHash, change, cancellationToken, lastRead);
        return true;
    }

    public Task<bool> TrySaveAsync(OutgoingSms outgoing, string? version, CancellationToken cancellationToken)
    {
        lock (sms)
        {
            var current = versions.TryGetValue(outgoing.Key, out var number) ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            if (current != version)
                return Task.FromResult(false);
            Write(outgoing);
        }
        return Task.FromResult(true);
    }

    public Task SaveAsync(OutgoingSms outgoing, CancellationToken cancellationToken)
    {
        lock (sms)
            Write(outgoing);
        return Task.CompletedTask;
    }

    private void Write(OutgoingSms outgoing)
    {
        sms[outgoing.Key] = outgoing;
        versions[outgoing.Key] = versions.GetValueOrDefault(outgoing.Key) + 1;
        if (outgoing.ProviderMessageId is { } id)
            providerIds[id] = outgoing.Key;
    }

    public Task<SmsAddress?> FindByProviderIdAsync(string providerMessageId, CancellationToken cancellationToken) =>
        Task.FromResult(providerIds.TryGetValue(providerMessageId, out var key) ? new SmsAddress(sms[key].PhoneHash, key) : null);

    private readonly ConcurrentDictionary<string, DateTimeOffset> postponed = new();

    public Task<IReadOnlyList<SmsAddress>> ListAwaitingReportAsync(DateTimeOffset sentBefore, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        DateTimeOffset DueSince(OutgoingSms outgoing) => postponed.TryGetValue(outgoing.ProviderMessageId!, out var until) ? until : outgoing.SentAt!.Value;
        return Task.FromResult<IReadOnlyList<SmsAddress>>(sms.Values
            .Where(outgoing => outgoing.State == SmsState.Sent && outgoing.SentAt < sentBefore && DueSince(outgoing) <= now)
            .OrderBy(DueSince).Take(max).Select(outgoing => new SmsAddress(outgoing.PhoneHash, outgoing.Key)).ToArray());
    }

    public Task PostponeReportPollAsync(IReadOnlyCollection<string> providerMessageIds, DateTimeOffset until, CancellationToken cancellationToken)
    {
        foreach (var id in providerMessageIds.Where(id => providerIds.TryGetValue(id, out var key) && sms[key].State == SmsState.Sent))
            postponed[id] = until;
        return Task.CompletedTask;
    }

    /// <summary>Runs once, right after the next read a dispatch starts from (an SMS with its phone, or a phone alone): what another delivery does between this one's read and its write.</summary>
    public Func<Task>? AfterNextRead { get; set; }

    public async Task<PhoneState> GetPhoneAsync(PhoneHash phoneHash, CancellationToken cancellationToken) =>
        (await GetVersionedPhoneAsync(phoneHash, cancellationToken)).State;

    public async Task<VersionedPhone> GetVersionedPhoneAsync(PhoneHash phoneHash, CancellationToken cancellationToken)
    {
        var read = new VersionedPhone(phones.GetValueOrDefault(phoneHash) ?? new PhoneState(phoneHash), null);
        await MeanwhileAsync();
        return read;
    }

    /// <summary>Atomic under a lock, so it always works from the current state, as the table store does after a stale read.</summary>
    public Task<(PhoneState Before, PhoneState After)> UpdatePhoneAsync(PhoneHash phoneHash, Func<PhoneState, PhoneState?> change, CancellationToken cancellationToken, VersionedPhone? lastRead = null)
    {
        lock (phones)
        {
            var before = phones.GetValueOrDefault(phoneHash) ?? new PhoneState(phoneHash);
            var after = change(before) ?? before;
            phones[phoneHash] = after;
            return Task.FromResult((before, after));
        }
    }
}

/// <summary>A provider that records what it is asked to send and answers from a script (accepted when the script is empty).</summary>
internal sealed class ScriptedGateway : ISmsGateway
{
    private int nextId = 1000;

    public List<SmsToSend> Sent { get; } = [];

    public Queue<Func<SmsSendResult>> Script { get; } = new();

    public Dictionary<string, SmsState> States { get; } = [];

    /// <summary>The ids of every status request, in order.</summary>
    public List<IReadOnlyList<string>> StatusRequests { get; } = [];

    private readonly Dictionary<string, string> idsByKey = new(StringComparer.Ordinal);

    /// <summary>As Kavenegar does with a local id it still knows: a key accepted before is answered with its first message id and not sent again.</summary>
    public Task<SmsSendResult> SendAsync(SmsToSend sms, CancellationToken cancellationToken)
    {
        if (Script.TryDequeue(out var answer))
            return Task.FromResult(answer());
        if (!idsByKey.TryGetValue(sms.Key, out var id))
        {
            Sent.Add(sms);
            idsByKey[sms.Key] = id = (nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Task.FromResult<SmsSendResult>(new SmsSendResult.Accepted(id));
    }

    public Task<IReadOnlyDictionary<string, SmsState>> GetStatesAsync(IReadOnlyList<string> providerMessageIds, CancellationToken cancellationToken)
    {
        StatusRequests.Add(providerMessageIds);
        return Task.FromResult<IReadOnlyDictionary<string, SmsState>>(providerMessageIds.Where(States.ContainsKey).ToDictionary(id => id, id => States[id]));
    }
}

/// <summary>A queue that keeps what is sent to it.</summary>
internal sealed class RecordingQueue : IMessageSender
{
    public List<(string Queue, OutgoingMessage Message)> Sent { get; } = [];

    public IEnumerable<SmsRequested> Notifications => Sent.Where(sent => sent.Queue == Queues.Notifications).SelectMany(sent => SmsRequests.Deserialize(sent.Message.Body.Span)!.Sms);

    public Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken)
    {
        Sent.Add((queue, message));
        return Task.CompletedTask;
    }

    public Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
            Sent.Add((queue, message));
        return Task.CompletedTask;
    }
}
