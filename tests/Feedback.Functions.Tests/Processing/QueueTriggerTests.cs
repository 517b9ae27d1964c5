using System.Text;
using Azure;
using Feedback.Core.Messaging;
using Feedback.Functions.Triggers;
using Feedback.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feedback.Functions.Tests.Processing;

/// <summary>
/// How one delivery ends when the handler fails: storage out for a while postpones the message (a copy, due later,
/// without using up a delivery), any other failure is retried and finally dead-lettered, a stop is not a failure.
/// </summary>
public sealed class QueueTriggerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private readonly ManualClock clock = new(Now);
    private readonly CopyQueue queue = new();

    [Theory]
    [InlineData(1)]
    [InlineData(QueueTrigger<Body>.MaxDeliveries)]
    public async Task A_timeout_inside_the_handler_postpones_the_message_without_using_up_a_delivery(int deliveryCount)
    {
        var trigger = Trigger(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing."));

        var result = await trigger.DeliverAsync(Message(deliveryCount), CancellationToken.None);

        Assert.Equal(DeliveryVerdict.Postponed, result.Verdict);
        Assert.Contains(nameof(TaskCanceledException), result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, trigger.GivenUp);
        var (queueName, copy) = Assert.Single(queue.Sent);
        Assert.Equal(trigger.Queue, queueName);
        Assert.Equal("m-1.postponed-1", copy.MessageId);
        Assert.Equal(Now + TimeSpan.FromSeconds(5), copy.NotBefore);
        Assert.Equal("""{"name":"x"}""", Encoding.UTF8.GetString(copy.Body.Span));
        Assert.Equal("1", copy.Properties[Postponement.CountProperty]);
        Assert.Equal("m-1", copy.Properties[Postponement.FirstMessageIdProperty]);
        Assert.Equal("kept", copy.Properties["origin"]);
    }

    [Fact]
    public async Task A_copy_postponed_again_waits_longer_under_an_id_of_its_own()
    {
        var trigger = Trigger(new RequestFailedException(503, "The server is busy."));
        var copy = Message(deliveryCount: 1, id: "m-1.postponed-3", postponements: 3);

        var result = await trigger.DeliverAsync(copy, CancellationToken.None);

        Assert.Equal(DeliveryVerdict.Postponed, result.Verdict);
        var (_, next) = Assert.Single(queue.Sent);
        Assert.Equal("m-1.postponed-4", next.MessageId);
        Assert.Equal(Now + TimeSpan.FromSeconds(40), next.NotBefore);
        Assert.Equal("4", next.Properties[Postponement.CountProperty]);
    }

    [Fact]
    public void Postponements_wait_out_more_than_an_hour_of_outage_at_most_five_minutes_apart()
    {
        var delays = Enumerable.Range(1, Postponement.Max).Select(Postponement.Delay).ToArray();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5)));
        Assert.True(delays.Aggregate(TimeSpan.Zero, (total, delay) => total + delay) > TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task After_the_last_postponement_an_outage_counts_like_any_failure()
    {
        var trigger = Trigger(new RequestFailedException(503, "The server is busy."));

        var retried = await trigger.DeliverAsync(Message(deliveryCount: 1, postponements: Postponement.Max), CancellationToken.None);
        var given = await trigger.DeliverAsync(Message(QueueTrigger<Body>.MaxDeliveries, postponements: Postponement.Max), CancellationToken.None);

        Assert.Equal(DeliveryVerdict.Retry, retried.Verdict);
        Assert.Equal(DeliveryVerdict.DeadLetter, given.Verdict);
        Assert.Equal(1, trigger.GivenUp);
        Assert.Empty(queue.Sent);
    }

    [Fact]
    public async Task When_the_queue_cannot_take_the_copy_either_the_delivery_counts()
    {
        queue.Down = true;
        var trigger = Trigger(new HttpRequestException("Connection refused (127.0.0.1:10002)"));

        var result = await trigger.DeliverAsync(Message(deliveryCount: QueueTrigger<Body>.MaxDeliveries), CancellationToken.None);

        Assert.Equal(DeliveryVerdict.DeadLetter, result.Verdict);
        Assert.Equal(1, trigger.GivenUp);
    }

    [Theory]
    [InlineData(409)]
    [InlineData(404)]
    public async Task A_refusal_from_storage_is_retried_and_dead_lettered_not_postponed(int status)
    {
        var trigger = Trigger(new RequestFailedException(status, "refused"));

        var retried = await trigger.DeliverAsync(Message(deliveryCount: 1), CancellationToken.None);
        var given = await trigger.DeliverAsync(Message(QueueTrigger<Body>.MaxDeliveries), CancellationToken.None);

        Assert.Equal(DeliveryVerdict.Retry, retried.Verdict);
        Assert.Equal(DeliveryVerdict.DeadLetter, given.Verdict);
        Assert.Empty(queue.Sent);
    }

    [Theory]
    [InlineData(true, DeliveryVerdict.Done, 0)]
    [InlineData(false, DeliveryVerdict.DeadLetter, 1)]
    public async Task A_message_back_after_its_last_delivery_is_completed_when_its_work_was_done_and_dead_lettered_when_not(bool done, DeliveryVerdict expected, int givenUp)
    {
        var trigger = Trigger(new InvalidOperationException("never handled again"));
        trigger.Done = done;

        var result = await trigger.DeliverAsync(Message(QueueTrigger<Body>.MaxDeliveries + 1), CancellationToken.None);

        Assert.Equal(expected, result.Verdict);
        Assert.Equal(givenUp, trigger.GivenUp);
        Assert.Equal(0, trigger.Handled);
    }

    [Fact]
    public async Task Stopping_while_handling_is_not_a_failure()
    {
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Trigger(new TaskCanceledException()).DeliverAsync(Message(deliveryCount: 1), stopping.Token));
        Assert.Empty(queue.Sent);
    }

    private FailingTrigger Trigger(Exception failure) => new(failure, queue, clock);

    private static ReceivedMessage Message(int deliveryCount, string id = "m-1", int postponements = 0)
    {
        var properties = new Dictionary<string, string> { ["origin"] = "kept" };
        if (postponements > 0)
        {
            properties[Postponement.CountProperty] = postponements.ToString(System.Globalization.CultureInfo.InvariantCulture);
            properties[Postponement.FirstMessageIdProperty] = "m-1";
        }
        return new(id, Encoding.UTF8.GetBytes("""{"name":"x"}"""), properties, deliveryCount, "receipt", "transport-1");
    }

    public sealed record Body(string Name) : IQueueMessage<Body>
    {
        public static string Queue => "failing";

        public static Body? Deserialize(ReadOnlySpan<byte> body)
        {
            try
            {
                return System.Text.Json.JsonSerializer.Deserialize<Body>(body, System.Text.Json.JsonSerializerOptions.Web);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }

        public byte[] Serialize() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this, System.Text.Json.JsonSerializerOptions.Web);
    }

    private sealed class CopyQueue : IMessageSender
    {
        public List<(string Queue, OutgoingMessage Message)> Sent { get; } = [];

        public bool Down { get; set; }

        public Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken)
        {
            if (Down)
                throw new HttpRequestException("Connection refused (127.0.0.1:10001)");
            Sent.Add((queue, message));
            return Task.CompletedTask;
        }

        public async Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
        {
            foreach (var message in messages)
                await SendAsync(queue, message, cancellationToken);
        }
    }

    private sealed class FailingTrigger(Exception failure, IMessageSender sender, TimeProvider clock) : QueueTrigger<Body>(sender, clock, NullLogger.Instance)
    {
        public int GivenUp { get; private set; }

        public int Handled { get; private set; }

        /// <summary>What <see cref="IsDoneAsync"/> answers.</summary>
        public bool Done { get; set; }

        public override string FunctionName => "Failing";

        protected override string Describe(Body body) => body.Name;

        protected override bool IsWellFormed(Body body) => body.Name.Length > 0;

        protected override Task<string> HandleAsync(Body body, CancellationToken cancellationToken)
        {
            Handled++;
            cancellationToken.ThrowIfCancellationRequested();
            throw failure;
        }

        protected override Task<bool> IsDoneAsync(Body body, CancellationToken cancellationToken) => Task.FromResult(Done);

        protected override Task GiveUpAsync(Body body, string reason, CancellationToken cancellationToken)
        {
            GivenUp++;
            return Task.CompletedTask;
        }
    }
}
