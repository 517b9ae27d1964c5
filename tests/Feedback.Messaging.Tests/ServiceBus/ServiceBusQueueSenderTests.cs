using System.Text;
using Azure.Messaging.ServiceBus;
using Feedback.Core.Messaging;
using Feedback.Messaging.ServiceBus;
using MessageQueues = Feedback.Core.Messaging.Queues;

namespace Feedback.Messaging.Tests.ServiceBus;

/// <summary>
/// What the Service Bus adapter hands the official client, checked without a namespace (none can be reached here):
/// the client's sender is replaced by one that records, with batches from <see cref="ServiceBusModelFactory"/>.
/// </summary>
public sealed class ServiceBusQueueSenderTests
{
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public void A_port_message_becomes_a_broker_message_with_its_id_properties_and_schedule()
    {
        var notBefore = new DateTimeOffset(2026, 12, 6, 4, 30, 0, TimeSpan.Zero);
        var body = Encoding.UTF8.GetBytes("""{"trackingCode":"1234567890"}""");

        var brokered = ServiceBusQueueSender.ToServiceBusMessage(new OutgoingMessage(
            "1234567890-ack", body, new Dictionary<string, string> { ["postponed"] = "3", ["kind"] = "آب" }, notBefore));

        Assert.Equal("1234567890-ack", brokered.MessageId);
        Assert.Equal(body, brokered.Body.ToArray());
        Assert.Equal("application/json", brokered.ContentType);
        Assert.Equal("3", brokered.ApplicationProperties["postponed"]);
        Assert.Equal("آب", brokered.ApplicationProperties["kind"]);
        Assert.Equal(notBefore, brokered.ScheduledEnqueueTime);
    }

    [Fact]
    public void A_message_without_a_schedule_is_enqueued_at_once()
    {
        var brokered = ServiceBusQueueSender.ToServiceBusMessage(new OutgoingMessage("m", "x"u8.ToArray(), new Dictionary<string, string>()));

        Assert.Equal(default, brokered.ScheduledEnqueueTime);
        Assert.Empty(brokered.ApplicationProperties);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(129)]
    public void A_message_id_service_bus_cannot_detect_duplicates_by_is_refused(int length)
    {
        var messageId = new string('x', length);

        Assert.ThrowsAny<ArgumentException>(() => ServiceBusQueueSender.ToServiceBusMessage(new OutgoingMessage(messageId, "x"u8.ToArray(), new Dictionary<string, string>())));
    }

    [Fact]
    public async Task A_single_send_goes_to_the_named_queues_sender()
    {
        var client = new RecordingClient(maxBatchBytes: 1024);
        var sender = new ServiceBusQueueSender(client);

        await sender.SendAsync(MessageQueues.Notifications, Message("a", 10), cancellation);
        await sender.SendAsync(MessageQueues.FeedbackIntake, Message("b", 10), cancellation);
        await sender.SendAsync(MessageQueues.Notifications, Message("c", 10), cancellation);

        Assert.Equal(["a", "c"], client.Sender(MessageQueues.Notifications).Sent.SelectMany(batch => batch).Select(message => message.MessageId));
        Assert.Equal(["b"], client.Sender(MessageQueues.FeedbackIntake).Sent.SelectMany(batch => batch).Select(message => message.MessageId));
        Assert.Equal(2, client.SendersCreated);
    }

    [Fact]
    public async Task A_batch_is_split_where_the_size_limit_falls_and_keeps_its_order()
    {
        var client = new RecordingClient(maxBatchBytes: 1000);
        var sender = new ServiceBusQueueSender(client);
        var messages = Enumerable.Range(0, 10).Select(index => Message($"m{index}", 300)).ToArray();

        await sender.SendBatchAsync(MessageQueues.Notifications, messages, cancellation);

        var batches = client.Sender(MessageQueues.Notifications).Sent;
        Assert.Equal([3, 3, 3, 1], batches.Select(batch => batch.Count));
        Assert.Equal(messages.Select(message => message.MessageId), batches.SelectMany(batch => batch).Select(message => message.MessageId));
    }

    [Fact]
    public async Task A_message_larger_than_any_batch_is_refused_as_too_large_after_the_ones_before_it_went()
    {
        var client = new RecordingClient(maxBatchBytes: 1000);
        var sender = new ServiceBusQueueSender(client);

        var refusal = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendBatchAsync(MessageQueues.Notifications, [Message("fits", 100), Message("huge", 5000)], cancellation));

        Assert.Equal(ServiceBusFailureReason.MessageSizeExceeded, refusal.Reason);
        Assert.False(refusal.IsTransient);
        Assert.Contains("huge", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(["fits"], client.Sender(MessageQueues.Notifications).Sent.SelectMany(batch => batch).Select(message => message.MessageId));
    }

    [Fact]
    public async Task A_batch_with_an_invalid_message_sends_nothing()
    {
        var client = new RecordingClient(maxBatchBytes: 1000);
        var sender = new ServiceBusQueueSender(client);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => sender.SendBatchAsync(MessageQueues.Notifications, [Message("fine", 10), Message("", 10)], cancellation));

        Assert.Equal(0, client.SendersCreated);
    }

    [Theory]
    [InlineData(ServiceBusFailureReason.ServiceBusy, true)]
    [InlineData(ServiceBusFailureReason.ServiceTimeout, true)]
    [InlineData(ServiceBusFailureReason.ServiceCommunicationProblem, true)]
    [InlineData(ServiceBusFailureReason.MessagingEntityNotFound, false)]
    [InlineData(ServiceBusFailureReason.MessageSizeExceeded, false)]
    [InlineData(ServiceBusFailureReason.QuotaExceeded, false)]
    public void The_clients_failures_say_whether_a_later_try_can_succeed(ServiceBusFailureReason reason, bool transient)
    {
        // The app's outage handling (postpone and answer 503) keys on IsTransient: it must follow the reason.
        Assert.Equal(transient, new ServiceBusException("failed", reason).IsTransient);
    }

    private static OutgoingMessage Message(string id, int bodyBytes) =>
        new(id, new byte[bodyBytes], new Dictionary<string, string>());

    /// <summary>A client whose senders record what they are given instead of opening AMQP links.</summary>
    private sealed class RecordingClient(long maxBatchBytes) : ServiceBusClient
    {
        private readonly Dictionary<string, RecordingSender> senders = new(StringComparer.Ordinal);

        public int SendersCreated { get; private set; }

        public RecordingSender Sender(string queue) => senders[queue];

        public override ServiceBusSender CreateSender(string queueOrTopicName)
        {
            SendersCreated++;
            var sender = new RecordingSender(maxBatchBytes);
            senders[queueOrTopicName] = sender;
            return sender;
        }
    }

    private sealed class RecordingSender(long maxBatchBytes) : ServiceBusSender
    {
        public List<IReadOnlyList<ServiceBusMessage>> Sent { get; } = [];

        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            Sent.Add([message]);
            return Task.CompletedTask;
        }

        /// <summary>A batch that takes messages while their bodies fit in <paramref name="maxBatchBytes"/>, as the real one measures encoded size.</summary>
        public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default)
        {
            var store = new List<ServiceBusMessage>();
            long size = 0;
            var batch = ServiceBusModelFactory.ServiceBusMessageBatch(maxBatchBytes, store, tryAddCallback: message =>
            {
                if (size + message.Body.ToMemory().Length > maxBatchBytes)
                    return false;
                size += message.Body.ToMemory().Length;
                return true;
            });
            batches[batch] = store;
            return ValueTask.FromResult(batch);
        }

        public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
        {
            Sent.Add([.. batches[messageBatch]]);
            return Task.CompletedTask;
        }

        private readonly Dictionary<ServiceBusMessageBatch, List<ServiceBusMessage>> batches = [];
    }
}
