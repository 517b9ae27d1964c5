using System.Security.Cryptography;
using Feedback.Core.Input;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Testing;

namespace Feedback.Core.Tests.Notifications;

/// <summary>A status SMS a later status of its item overtook is recorded as superseded and not sent; others go as before.</summary>
public class SmsDispatcherSupersededTests
{
    private readonly InMemorySmsStore store = new();
    private readonly ScriptedGateway gateway = new();
    private readonly PhoneProtector phones = new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero));
    private readonly IranianMobile citizen = IranianMobile.Parse("09121234567").Mobile!;

    private SmsDispatcher Dispatcher(params string[] supersededKeys) =>
        new(store, gateway, new RecordingQueue(), phones, new SmsSendingStatus(), SmsRules.Default, clock, new Superseded(supersededKeys));

    private SmsRequested Request(string key, SmsKind kind) => new(key, kind, phones.Encrypt(citizen), phones.LookupHash(citizen), "وضعیت: رؤیت شد");

    [Fact]
    public async Task A_superseded_status_sms_is_recorded_blocked_and_not_sent()
    {
        var outcome = await Dispatcher("1234567894-status-2").DispatchAsync(Request("1234567894-status-2", SmsKind.StatusUpdate), CancellationToken.None);

        Assert.Equal(DispatchOutcome.Superseded, outcome);
        Assert.Empty(gateway.Sent);
        var stored = await store.GetAsync("1234567894-status-2", CancellationToken.None);
        Assert.Equal(SmsState.Blocked, stored!.State);
        Assert.Contains("superseded", stored.History[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_latest_status_and_other_kinds_of_sms_go_out()
    {
        var dispatcher = Dispatcher("1234567894-status-2", "1234567894-ack");

        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(Request("1234567894-status-3", SmsKind.StatusUpdate), CancellationToken.None));
        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(Request("1234567894-ack", SmsKind.Acknowledgement), CancellationToken.None));
        Assert.Equal(2, gateway.Sent.Count);
    }

    private sealed class Superseded(string[] keys) : ISupersededNotices
    {
        public Task<bool> IsSupersededAsync(SmsRequested request, CancellationToken cancellationToken) => Task.FromResult(keys.Contains(request.Key));
    }
}
