using System.Collections.Concurrent;
using System.Text.Json;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;

namespace Feedback.Core.Tests.Notifications;

/// <summary>An <see cref="ISmsStore"/> in memory, with the same contract as the table one.</summary>
internal sealed class InMemorySmsStore : ISmsStore
{
    private readonly ConcurrentDictionary<string, OutgoingSms> sms = new();
    private readonly ConcurrentDictionary<string, PhoneState> phones = new();
    private readonly ConcurrentDictionary<string, string> providerIds = new();

    public IReadOnlyCollection<OutgoingSms> All => [.. sms.Values];

    public Task<OutgoingSms?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult(sms.GetValueOrDefault(key));

    public Task SaveAsync(OutgoingSms outgoing, CancellationToken cancellationToken)
    {
        sms[outgoing.Key] = outgoing;
        if (outgoing.ProviderMessageId is { } id)
            providerIds[id] = outgoing.Key;
        return Task.CompletedTask;
    }

    public Task<string?> FindByProviderIdAsync(string providerMessageId, CancellationToken cancellationToken) => Task.FromResult(providerIds.GetValueOrDefault(providerMessageId));

    public Task<IReadOnlyList<string>> ListAwaitingReportAsync(DateTimeOffset sentBefore, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(sms.Values.Where(outgoing => outgoing.State == SmsState.Sent && outgoing.SentAt < sentBefore).OrderBy(outgoing => outgoing.SentAt).Take(max).Select(outgoing => outgoing.Key).ToArray());

    public Task<PhoneState> GetPhoneAsync(string phoneHash, CancellationToken cancellationToken) => Task.FromResult(phones.GetValueOrDefault(phoneHash) ?? new PhoneState(phoneHash));

    public Task<(PhoneState Before, PhoneState After)> UpdatePhoneAsync(string phoneHash, Func<PhoneState, PhoneState?> change, CancellationToken cancellationToken)
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

    public Task<SmsSendResult> SendAsync(SmsToSend sms, CancellationToken cancellationToken)
    {
        if (Script.TryDequeue(out var answer))
            return Task.FromResult(answer());
        Sent.Add(sms);
        return Task.FromResult<SmsSendResult>(new SmsSendResult.Accepted((nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public Task<IReadOnlyDictionary<string, SmsState>> GetStatesAsync(IReadOnlyList<string> providerMessageIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, SmsState>>(providerMessageIds.Where(States.ContainsKey).ToDictionary(id => id, id => States[id]));
}

/// <summary>A queue that keeps what is sent to it.</summary>
internal sealed class RecordingQueue : IMessageSender
{
    public List<(string Queue, OutgoingMessage Message)> Sent { get; } = [];

    public IEnumerable<SmsRequested> Notifications => Sent.Where(sent => sent.Queue == Queues.Notifications).Select(sent => JsonSerializer.Deserialize<SmsRequested>(sent.Message.Body.Span, JsonSerializerOptions.Web)!);

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
