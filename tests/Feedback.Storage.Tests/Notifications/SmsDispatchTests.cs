using System.Security.Cryptography;
using Azure.Core;
using Azure.Data.Tables;
using Feedback.Core.Input;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Time;
using Feedback.Storage.Connection;
using Feedback.Storage.Notifications;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Notifications;

/// <summary>
/// An acknowledgement the provider still recognises costs a point read of its phone and two transactions, on Azurite
/// as on Table Storage (where Azurite would scan the whole table for a query); a twin delivery's rows are left as
/// they were stored, and a row a paused send left queued is sent over.
/// </summary>
[Collection(Azurite.Collection)]
public sealed class SmsDispatchTests(Azurite azurite)
{
    /// <summary>12:00 in Tehran: no quiet hours.</summary>
    private static readonly DateTimeOffset TehranNoon = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private readonly PhoneProtector phones = new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    private readonly ManualClock clock = new(TehranNoon);
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task An_acknowledgement_costs_a_point_read_of_its_phone_and_two_transactions()
    {
        var counter = new StorageRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter.TablePolicy, HttpPipelinePosition.PerRetry);
        await SmsStores.NewAsync(azurite);
        var store = new TableSmsStore(StorageClients.FromConnectionString(azurite.ConnectionString, options).Tables);
        var dispatcher = Dispatcher(store, new KeyedGateway());
        await dispatcher.DispatchAsync(Request(), cancellation);
        var before = counter.Snapshot();

        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(Request(), cancellation));

        var spent = counter.Snapshot().Since(before);
        Assert.Equal(new Dictionary<string, long> { ["point-read"] = 1, ["batch"] = 2 }, spent.Tables.ByKind.Where(kind => kind.Value > 0).ToDictionary());
    }

    [Fact]
    public async Task A_twin_delivery_leaves_the_sent_sms_as_stored_and_counts_its_phone_once()
    {
        var store = await SmsStores.NewAsync(azurite);
        var gateway = new KeyedGateway();
        var request = Request();
        Assert.Equal(DispatchOutcome.Sent, await Dispatcher(store, gateway).DispatchAsync(request, cancellation));
        var first = (await store.GetVersionedAsync(request.PhoneHash, request.Key, cancellation))!;
        clock.Now += TimeSpan.FromMinutes(1);

        Assert.Equal(DispatchOutcome.AlreadyHandled, await Dispatcher(store, gateway).DispatchAsync(request, cancellation));

        Assert.Equal(first.Version, (await store.GetVersionedAsync(request.PhoneHash, request.Key, cancellation))!.Version);
        Assert.Equal(1, (await store.GetPhoneAsync(request.PhoneHash, cancellation)).SentOn(TehranTime.DayKey(TehranNoon)));
        Assert.Equal(1, gateway.Sent);
    }

    [Fact]
    public async Task A_row_a_paused_send_left_queued_is_sent_over_and_its_phone_counted_once()
    {
        var store = await SmsStores.NewAsync(azurite);
        var gateway = new KeyedGateway { PausedFirst = true };
        var request = Request();
        Assert.Equal(DispatchOutcome.Paused, await Dispatcher(store, gateway).DispatchAsync(request, cancellation));
        clock.Now += SmsRules.Default.PausedRetryAfter;

        Assert.Equal(DispatchOutcome.Sent, await Dispatcher(store, gateway).DispatchAsync(request, cancellation));

        var stored = (await store.GetAsync(request.PhoneHash, request.Key, cancellation))!;
        Assert.Equal([SmsState.Queued, SmsState.Queued, SmsState.Sent], stored.History.Select(change => change.State));
        Assert.Equal(1, (await store.GetPhoneAsync(request.PhoneHash, cancellation)).SentOn(TehranTime.DayKey(clock.Now)));
    }

    private SmsDispatcher Dispatcher(TableSmsStore store, KeyedGateway gateway) =>
        new(store, gateway, new DiscardingQueue(), phones, new SmsSendingStatus(), SmsRules.Default, clock);

    private SmsRequested Request()
    {
        var citizen = IranianMobile.Parse($"0912{Random.Shared.Next(1_000_000, 9_999_999)}").Mobile!;
        return new SmsRequested($"{Guid.NewGuid():N}-ack", SmsKind.Acknowledgement, phones.Encrypt(citizen), phones.LookupHash(citizen), "پیام شما ثبت شد") { NoAttemptBefore = TehranNoon };
    }

    /// <summary>As Kavenegar does with a local id it still knows: a key accepted before is answered with its first id, not sent again.</summary>
    private sealed class KeyedGateway : ISmsGateway
    {
        private readonly Dictionary<string, string> ids = new(StringComparer.Ordinal);

        public bool PausedFirst { get; set; }

        public int Sent => ids.Count;

        public Task<SmsSendResult> SendAsync(SmsToSend sms, CancellationToken cancellationToken)
        {
            if (PausedFirst)
            {
                PausedFirst = false;
                return Task.FromResult<SmsSendResult>(new SmsSendResult.Paused("InsufficientCredit: no credit"));
            }
            if (!ids.TryGetValue(sms.Key, out var id))
                ids[sms.Key] = id = $"{8_000_000_000 + ids.Count}";
            return Task.FromResult<SmsSendResult>(new SmsSendResult.Accepted(id));
        }

        public Task<IReadOnlyDictionary<string, SmsState>> GetStatesAsync(IReadOnlyList<string> providerMessageIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, SmsState>>(new Dictionary<string, SmsState>());
    }

    /// <summary>The paused send's copy for later goes nowhere: the test dispatches it itself.</summary>
    private sealed class DiscardingQueue : IMessageSender
    {
        public Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
