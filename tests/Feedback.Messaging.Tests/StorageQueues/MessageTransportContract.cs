using System.Text;
using Feedback.Core.Messaging;

namespace Feedback.Messaging.Tests.StorageQueues;

/// <summary>
/// What every transport adapter promises the pipeline. An adapter's test class derives from this and says
/// how to reach it and where its dead letters go; every test here then runs against that adapter.
/// </summary>
public abstract class MessageTransportContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected abstract IMessageSender Sender { get; }

    protected abstract IMessageReceiver Receiver { get; }

    protected static CancellationToken Cancellation => CancellationToken.None;

    /// <summary>A queue no other test uses.</summary>
    protected abstract string NewQueue();

    /// <summary>Takes what was dead-lettered from <paramref name="queue"/>, with the reason in the properties
    /// under "deadLetterReason".</summary>
    protected abstract Task<IReadOnlyList<ReceivedMessage>> ReceiveDeadLetteredAsync(string queue);

    [Fact]
    public async Task A_sent_message_is_received_once_and_gone_after_complete()
    {
        var queue = NewQueue();
        await Sender.SendAsync(queue, Message("m-1", "سلام"), Cancellation);

        var received = Assert.Single(await ReceiveAsync(queue));
        await Receiver.CompleteAsync(queue, received, Cancellation);

        Assert.Equal("m-1", received.MessageId);
        Assert.Equal(1, received.DeliveryCount);
        Assert.Empty(await ReceiveAsync(queue));
    }

    [Fact]
    public async Task Body_and_properties_round_trip_exactly()
    {
        var queue = NewQueue();
        var text = "آب منطقه‌ی ما از دیروز قطع است؛ لطفاً پیگیری کنید. ۱۲۳ <&>\"'";
        var binary = Enumerable.Range(0, 256).Select(value => (byte)value).ToArray();
        var properties = new Dictionary<string, string>
        {
            ["province"] = "زنجان",
            ["markup"] = "<tag attr=\"1\">&amp;</tag>",
            ["empty"] = "",
        };
        await Sender.SendAsync(queue, new OutgoingMessage("text-1", Encoding.UTF8.GetBytes(text), properties), Cancellation);
        await Sender.SendAsync(queue, new OutgoingMessage("binary-1", binary, new Dictionary<string, string>()), Cancellation);

        var received = await ReceiveAllAsync(queue, expected: 2);

        var textMessage = received.Single(message => message.MessageId == "text-1");
        var binaryMessage = received.Single(message => message.MessageId == "binary-1");
        Assert.Equal(text, Encoding.UTF8.GetString(textMessage.Body.Span));
        Assert.Equal(properties, textMessage.Properties);
        Assert.Equal(binary, binaryMessage.Body.ToArray());
        Assert.Empty(binaryMessage.Properties);
    }

    [Fact]
    public async Task NotBefore_hides_a_message_until_its_time()
    {
        var queue = NewQueue();
        var notBefore = DateTimeOffset.UtcNow.AddSeconds(2);
        await Sender.SendAsync(queue, Message("later", "بعداً") with { NotBefore = notBefore }, Cancellation);

        Assert.Empty(await ReceiveAsync(queue));
        var received = await ReceiveWithinAsync(queue, TimeSpan.FromSeconds(10));

        Assert.True(DateTimeOffset.UtcNow >= notBefore, "The message came before its NotBefore.");
        Assert.Equal("later", received.MessageId);
    }

    [Fact]
    public async Task A_leased_message_is_invisible_to_another_receive()
    {
        var queue = NewQueue();
        await Sender.SendAsync(queue, Message("leased", "x"), Cancellation);

        Assert.Single(await ReceiveAsync(queue));

        Assert.Empty(await ReceiveAsync(queue));
    }

    [Fact]
    public async Task An_abandoned_message_comes_back_with_its_delivery_counted()
    {
        var queue = NewQueue();
        await Sender.SendAsync(queue, Message("retry-me", "x"), Cancellation);
        var first = Assert.Single(await ReceiveAsync(queue));

        await Receiver.AbandonAsync(queue, first, TimeSpan.Zero, Cancellation);
        var second = await ReceiveWithinAsync(queue, TimeSpan.FromSeconds(5));

        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal("retry-me", second.MessageId);
        Assert.Equal(2, second.DeliveryCount);
    }

    [Fact]
    public async Task A_dead_lettered_message_keeps_its_content_gains_the_reason_and_leaves_the_queue()
    {
        var queue = NewQueue();
        var properties = new Dictionary<string, string> { ["channel"] = "sms" };
        await Sender.SendAsync(queue, new OutgoingMessage("poison-1", Encoding.UTF8.GetBytes("خراب"), properties), Cancellation);
        var received = Assert.Single(await ReceiveAsync(queue));

        await Receiver.DeadLetterAsync(queue, received, "classifier threw: model missing", Cancellation);

        Assert.Empty(await ReceiveAsync(queue));
        var deadLetter = Assert.Single(await ReceiveDeadLetteredAsync(queue));
        Assert.Equal("poison-1", deadLetter.MessageId);
        Assert.Equal("خراب", Encoding.UTF8.GetString(deadLetter.Body.Span));
        Assert.Equal("sms", deadLetter.Properties["channel"]);
        Assert.Equal("classifier threw: model missing", deadLetter.Properties["deadLetterReason"]);
    }

    [Fact]
    public async Task A_batch_delivers_every_message()
    {
        var queue = NewQueue();
        var batch = Enumerable.Range(1, 5).Select(index => Message($"batch-{index}", $"پیام {index}")).ToList();

        await Sender.SendBatchAsync(queue, batch, Cancellation);
        var received = await ReceiveAllAsync(queue, expected: 5);

        Assert.Equal(batch.Select(message => message.MessageId).Order(), received.Select(message => message.MessageId).Order());
    }

    protected static OutgoingMessage Message(string id, string text) =>
        new(id, Encoding.UTF8.GetBytes(text), new Dictionary<string, string>());

    protected Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queue) =>
        Receiver.ReceiveAsync(queue, 32, Lease, Cancellation);

    private async Task<List<ReceivedMessage>> ReceiveAllAsync(string queue, int expected)
    {
        var received = new List<ReceivedMessage>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (received.Count < expected && DateTimeOffset.UtcNow < deadline)
            received.AddRange(await ReceiveAsync(queue));
        return received;
    }

    private async Task<ReceivedMessage> ReceiveWithinAsync(string queue, TimeSpan patience)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await ReceiveAsync(queue) is [var message, ..])
                return message;
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"Nothing arrived on {queue} within {patience.TotalSeconds} s.");
    }
}
