using System.Text;
using Feedback.Core.Messaging;
using Feedback.Messaging.StorageQueues;
using Feedback.Storage.Connection;
using Feedback.Testing;

namespace Feedback.Messaging.Tests.StorageQueues;

/// <summary>What is particular to Storage Queues, beyond the shared transport contract.</summary>
[Collection(Azurite.Collection)]
public sealed class StorageQueueTransportTests(Azurite azurite)
{
    private readonly StorageClients storage = StorageClients.FromConnectionString(azurite.ConnectionString);
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task NotBefore_more_than_seven_days_ahead_is_refused_and_nothing_is_sent()
    {
        var transport = new StorageQueueTransport(storage.Queues);
        var queue = TestNames.Queue();
        var tooLate = new OutgoingMessage(
            "far", "x"u8.ToArray(), new Dictionary<string, string>(), DateTimeOffset.UtcNow.AddDays(7).AddMinutes(1));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => transport.SendAsync(queue, tooLate, cancellation));

        Assert.Empty(await transport.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30), cancellation));
    }

    [Fact]
    public async Task A_batch_with_one_invalid_message_sends_none()
    {
        var transport = new StorageQueueTransport(storage.Queues);
        var queue = TestNames.Queue();
        OutgoingMessage[] batch =
        [
            new("fine", "x"u8.ToArray(), new Dictionary<string, string>()),
            new("far", "x"u8.ToArray(), new Dictionary<string, string>(), DateTimeOffset.UtcNow.AddDays(8)),
        ];

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => transport.SendBatchAsync(queue, batch, cancellation));

        Assert.Empty(await transport.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30), cancellation));
    }

    [Fact]
    public async Task A_message_over_the_services_size_limit_is_refused_before_sending()
    {
        var transport = new StorageQueueTransport(storage.Queues);
        var tooBig = new OutgoingMessage("big", new byte[48 * 1024], new Dictionary<string, string>());

        var refusal = await Assert.ThrowsAsync<ArgumentException>(() => transport.SendAsync(TestNames.Queue(), tooBig, cancellation));

        Assert.Contains("at most 65536", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_put_by_another_tool_is_delivered_with_the_services_id_and_its_text()
    {
        var transport = new StorageQueueTransport(storage.Queues);
        var queue = TestNames.Queue();
        Assert.Empty(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30), cancellation));
        await PutRawTextAsync(queue, "plain text, not an envelope");

        var received = Assert.Single(await transport.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30), cancellation));

        Assert.Equal(received.TransportId, received.MessageId);
        Assert.Equal("plain text, not an envelope", Encoding.UTF8.GetString(received.Body.Span));
        Assert.Empty(received.Properties);
    }

    [Theory]
    [InlineData("UpperCase")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    [InlineData("ab")]
    public async Task Invalid_queue_names_are_refused(string queue)
    {
        var transport = new StorageQueueTransport(storage.Queues);

        await Assert.ThrowsAsync<ArgumentException>(
            () => transport.SendAsync(queue, new OutgoingMessage("m", "x"u8.ToArray(), new Dictionary<string, string>()), cancellation));
    }

    [Fact]
    public async Task Receive_limits_follow_the_service()
    {
        var transport = new StorageQueueTransport(storage.Queues);
        var queue = TestNames.Queue();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => transport.ReceiveAsync(queue, 33, TimeSpan.FromSeconds(30), cancellation));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => transport.ReceiveAsync(queue, 0, TimeSpan.FromSeconds(30), cancellation));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => transport.ReceiveAsync(queue, 1, TimeSpan.FromMilliseconds(500), cancellation));
    }

    private async Task PutRawTextAsync(string queue, string text)
    {
        var response = await storage.Queues.GetQueueClient(queue).SendMessageAsync(text, cancellation);
        Assert.Equal(201, response.GetRawResponse().Status);
    }
}
