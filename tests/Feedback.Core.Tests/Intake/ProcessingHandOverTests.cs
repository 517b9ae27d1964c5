using System.Collections.Concurrent;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Messaging;

namespace Feedback.Core.Tests.Intake;

/// <summary>Intake's hand-over to processing: one message per item when the queue is idle, several items a message under load.</summary>
public class ProcessingHandOverTests
{
    private static readonly TrackingCode[] Codes = Enumerable.Range(0, 80).Select(seed => TrackingCode.NewCode(new Random(seed).Next)).ToArray();

    [Fact]
    public async Task An_item_handed_over_to_an_idle_queue_goes_at_once_in_a_message_of_its_own()
    {
        var queue = new GatedQueue();
        queue.Release();

        await new ProcessingHandOver(queue).SendAsync(new ReceivedItem(Codes[0]));

        var (name, message) = Assert.Single(queue.Sent);
        Assert.Equal(Queues.FeedbackIntake, name);
        Assert.Equal(Codes[0].Value, message.MessageId);
        Assert.Equal(new[] { Codes[0] }, ReceivedItems.Deserialize(message.Body.Span)!.Codes);
    }

    [Fact]
    public async Task Items_handed_over_while_a_send_is_in_flight_go_together_in_the_next_message()
    {
        var queue = new GatedQueue();
        var handOver = new ProcessingHandOver(queue);
        var first = handOver.SendAsync(new ReceivedItem(Codes[0]));
        await queue.FirstSendStarted;

        var others = Codes[1..6].Select(code => handOver.SendAsync(new ReceivedItem(code))).ToArray();
        Assert.All(others, task => Assert.False(task.IsCompleted));
        queue.Release();
        await Task.WhenAll(others.Append(first));

        Assert.Equal(2, queue.Sent.Count);
        Assert.Equal(new[] { Codes[0] }, Carried(queue.Sent.First().Message));
        Assert.Equal(Codes[1..6], Carried(queue.Sent.Last().Message));
    }

    [Fact]
    public async Task A_full_message_waiting_starts_another_send_beside_the_one_in_flight()
    {
        var queue = new GatedQueue();
        var handOver = new ProcessingHandOver(queue);
        var first = handOver.SendAsync(new ReceivedItem(Codes[0]));
        await queue.FirstSendStarted;

        var others = Codes[1..(1 + ProcessingHandOver.MaxCodesPerMessage)].Select(code => handOver.SendAsync(new ReceivedItem(code))).ToArray();
        await queue.WhenStarted(2);
        queue.Release();
        await Task.WhenAll(others.Append(first));

        Assert.Equal(2, queue.Sent.Count);
        Assert.Equal(Codes[..(1 + ProcessingHandOver.MaxCodesPerMessage)].Select(code => code.Value).Order(), queue.Sent.SelectMany(sent => Carried(sent.Message)).Select(code => code.Value).Order());
    }

    [Fact]
    public async Task A_failed_send_fails_the_items_it_carried_and_no_others()
    {
        var queue = new GatedQueue { Refuse = Codes[0] };
        queue.Release();
        var handOver = new ProcessingHandOver(queue);

        await Assert.ThrowsAsync<InvalidOperationException>(() => handOver.SendAsync(new ReceivedItem(Codes[0])));
        await handOver.SendAsync(new ReceivedItem(Codes[1]));

        Assert.Equal(new[] { Codes[1] }, Carried(Assert.Single(queue.Sent).Message));
    }

    [Fact]
    public async Task An_item_handed_over_twice_at_once_is_carried_once()
    {
        var queue = new GatedQueue();
        var handOver = new ProcessingHandOver(queue);
        var first = handOver.SendAsync(new ReceivedItem(Codes[0]));
        await queue.FirstSendStarted;

        var twice = new[] { handOver.SendAsync(new ReceivedItem(Codes[1])), handOver.SendAsync(new ReceivedItem(Codes[1])) };
        queue.Release();
        await Task.WhenAll(twice.Append(first));

        Assert.Equal(new[] { Codes[1] }, Carried(queue.Sent.Last().Message));
    }

    private static IReadOnlyList<TrackingCode> Carried(OutgoingMessage message) => ReceivedItems.Deserialize(message.Body.Span)!.Codes;

    /// <summary>A queue whose sends wait until released; it refuses a message that carries <see cref="Refuse"/>.</summary>
    private sealed class GatedQueue : IMessageSender
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int started;

        public ConcurrentQueue<(string Queue, OutgoingMessage Message)> Sent { get; } = new();

        public TrackingCode? Refuse { get; init; }

        public Task FirstSendStarted => firstStarted.Task;

        public void Release() => released.TrySetResult();

        public async Task WhenStarted(int sends)
        {
            while (Volatile.Read(ref started) < sends)
                await Task.Delay(10);
        }

        public async Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref started);
            firstStarted.TrySetResult();
            await released.Task;
            if (Refuse is not null && Carried(message).Contains(Refuse))
                throw new InvalidOperationException("refused");
            Sent.Enqueue((queue, message));
        }

        public async Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
        {
            foreach (var message in messages)
                await SendAsync(queue, message, cancellationToken);
        }
    }
}
