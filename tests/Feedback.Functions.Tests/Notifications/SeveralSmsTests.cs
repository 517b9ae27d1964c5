using System.Globalization;
using Feedback.Core.Input;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Time;
using Feedback.Functions.Notifications;
using Feedback.Functions.Operations;
using Feedback.Functions.Triggers;
using Feedback.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feedback.Functions.Tests.Notifications;

/// <summary>
/// A notifications message of several SMS against the real SMS store: each SMS settled once per key, whatever becomes of
/// its siblings (a failure, a deferral) and however often the message is delivered.
/// </summary>
public sealed class SeveralSmsTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    /// <summary>12:00 in Tehran: no quiet hours in the way.</summary>
    private static readonly DateTimeOffset TehranNoon = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private readonly ManualClock clock = new(TehranNoon);
    private readonly FailingGateway gateway = new();
    private readonly RecordingQueue queue = new();
    private readonly Random random = new();

    /// <summary>
    /// The app's own timers (the delivery-status poll) keep the test's time: on the real clock, SMS sent at the test's noon
    /// look days old and are marked unconfirmed. The tables exist before the first dispatch, whichever test runs first.
    /// </summary>
    public override async Task InitializeAsync()
    {
        Factory.Clock = clock;
        await base.InitializeAsync();
        await Service<StorageSetup>().Ready;
    }

    private SendNotificationsFunction Function()
    {
        var store = Service<ISmsStore>();
        var dispatcher = new SmsDispatcher(store, gateway, queue, Service<PhoneProtector>(), new SmsSendingStatus(), SmsRules.Default, clock);
        return new SendNotificationsFunction(dispatcher, store, queue, clock, NullLogger<SendNotificationsFunction>.Instance);
    }

    [Fact]
    public async Task One_failing_sms_goes_back_alone_and_a_redelivered_message_sends_none_twice()
    {
        var sms = Acknowledgements(3);
        gateway.FailingKey = sms[1].Key;

        var first = await Function().DeliverAsync(Received(new SmsRequests(sms).ToMessage(), 1), CancellationToken.None);

        Assert.Equal(DeliveryVerdict.Done, first.Verdict);
        Assert.Equal(new[] { sms[0].Key, sms[2].Key }.Order(), gateway.SentKeys.Order());
        var alone = Assert.Single(queue.Sent);
        Assert.Equal($"{sms[1].Key}.alone", alone.MessageId);
        Assert.Equal([sms[1]], SmsRequests.Deserialize(alone.Body.Span)!.Sms);

        gateway.FailingKey = null;
        Assert.Equal(DeliveryVerdict.Done, (await Function().DeliverAsync(Received(alone, 1), CancellationToken.None)).Verdict);
        Assert.Equal(DeliveryVerdict.Done, (await Function().DeliverAsync(Received(new SmsRequests(sms).ToMessage(), 2), CancellationToken.None)).Verdict);

        Assert.Equal(sms.Select(one => one.Key).Order(), gateway.SentKeys.Order());
        foreach (var one in sms)
            Assert.Equal(SmsState.Sent, (await Service<ISmsStore>().GetAsync(one.PhoneHash, one.Key, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_message_whose_every_sms_failed_is_retried_and_then_sends_each_once()
    {
        var sms = Acknowledgements(2);
        gateway.FailingKey = "*";

        var first = await Function().DeliverAsync(Received(new SmsRequests(sms).ToMessage(), 1), CancellationToken.None);
        gateway.FailingKey = null;
        var second = await Function().DeliverAsync(Received(new SmsRequests(sms).ToMessage(), 2), CancellationToken.None);
        var third = await Function().DeliverAsync(Received(new SmsRequests(sms).ToMessage(), 3), CancellationToken.None);

        Assert.Equal([DeliveryVerdict.Retry, DeliveryVerdict.Done, DeliveryVerdict.Done], [first.Verdict, second.Verdict, third.Verdict]);
        Assert.Empty(queue.Sent);
        Assert.Equal(sms.Select(one => one.Key).Order(), gateway.SentKeys.Order());
    }

    [Fact]
    public async Task An_sms_deferred_by_the_daily_cap_goes_tomorrow_once_while_its_sibling_went_once_today()
    {
        var sms = Acknowledgements(2);
        var today = TehranTime.DayKey(clock.GetUtcNow());
        await Service<ISmsStore>().UpdatePhoneAsync(sms[0].PhoneHash, state => state with { CountDay = today, SentOnCountDay = DailyCap.DefaultLimit }, CancellationToken.None);

        var first = await Function().DeliverAsync(Received(new SmsRequests(sms).ToMessage(), 1), CancellationToken.None);
        var again = await Function().DeliverAsync(Received(new SmsRequests(sms).ToMessage(), 2), CancellationToken.None);

        Assert.Equal([DeliveryVerdict.Done, DeliveryVerdict.Done], [first.Verdict, again.Verdict]);
        Assert.Equal([sms[1].Key], gateway.SentKeys);
        Assert.Equal(2, queue.Sent.Count);
        Assert.All(queue.Sent, deferred => Assert.Equal([sms[0]], SmsRequests.Deserialize(deferred.Body.Span)!.Sms));
        Assert.All(queue.Sent, deferred => Assert.StartsWith($"{sms[0].Key}@", deferred.MessageId, StringComparison.Ordinal));
        Assert.All(queue.Sent, deferred => Assert.True(deferred.NotBefore > clock.GetUtcNow()));

        clock.Now = queue.Sent[0].NotBefore!.Value;
        foreach (var deferred in queue.Sent.ToList())
            Assert.Equal(DeliveryVerdict.Done, (await Function().DeliverAsync(Received(deferred, 1), CancellationToken.None)).Verdict);

        Assert.Equal(sms.Select(one => one.Key).Order(), gateway.SentKeys.Order());
        Assert.Equal(2, queue.Sent.Count);
    }

    /// <summary>Acknowledgements to <paramref name="count"/> numbers of their own.</summary>
    private List<SmsRequested> Acknowledgements(int count)
    {
        var phones = Service<PhoneProtector>();
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var phone = IranianMobile.Parse("0935" + random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture)).Mobile!;
            var key = $"{random.Next(1_000_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture)}-ack";
            return new SmsRequested(key, SmsKind.Acknowledgement, phones.Encrypt(phone), phones.LookupHash(phone), "پیام شما ثبت شد");
        })];
    }

    private static ReceivedMessage Received(OutgoingMessage message, int deliveryCount) =>
        new(message.MessageId, message.Body, message.Properties, deliveryCount, "receipt", "transport-id");

    /// <summary>The provider, refusing one key, or every key when it is "*" (not an outage, which would postpone the message instead).</summary>
    private sealed class FailingGateway : ISmsGateway
    {
        private readonly List<string> sent = [];

        public string? FailingKey { get; set; }

        public IReadOnlyList<string> SentKeys
        {
            get
            {
                lock (sent)
                    return [.. sent];
            }
        }

        public Task<SmsSendResult> SendAsync(SmsToSend sms, CancellationToken cancellationToken)
        {
            if (FailingKey == "*" || FailingKey == sms.Key)
                throw new InvalidOperationException("the provider refused the request");
            lock (sent)
                sent.Add(sms.Key);
            return Task.FromResult<SmsSendResult>(new SmsSendResult.Accepted($"provider-{sms.Key}"));
        }

        public Task<IReadOnlyDictionary<string, SmsState>> GetStatesAsync(IReadOnlyList<string> providerMessageIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, SmsState>>(new Dictionary<string, SmsState>());
    }

    private sealed class RecordingQueue : IMessageSender
    {
        private readonly List<OutgoingMessage> sent = [];

        public IReadOnlyList<OutgoingMessage> Sent
        {
            get
            {
                lock (sent)
                    return [.. sent];
            }
        }

        public Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken)
        {
            Assert.Equal(Queues.Notifications, queue);
            lock (sent)
                sent.Add(message);
            return Task.CompletedTask;
        }

        public async Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
        {
            foreach (var message in messages)
                await SendAsync(queue, message, cancellationToken);
        }
    }
}
