using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Privacy;
using Feedback.Storage.Queues;
using Feedback.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests.Processing;

/// <summary>The Functions host's calls for the Service Bus and timer triggers (Azure), against a real Azurite.</summary>
public sealed class TriggerTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    private IFeedbackStore Store => Service<IFeedbackStore>();

    private static object ServiceBusInvocation(string trackingCode, int deliveryCount) => new
    {
        Data = new { message = JsonSerializer.Serialize(JsonSerializer.Serialize(new { trackingCode })) },
        Metadata = new { MessageId = JsonSerializer.Serialize(trackingCode), DeliveryCount = deliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture), UserProperties = new { } },
    };

    private async Task<FeedbackItem> StoreItemAsync(string province, IranianMobile? phone = null)
    {
        var phones = Service<PhoneProtector>();
        var item = new FeedbackItem
        {
            TrackingCode = Feedback.Core.Intake.TrackingCode.NewCode().Value,
            EncryptedPhone = phone is null ? null : phones.Encrypt(phone),
            PhoneHash = phone is null ? null : phones.LookupHash(phone),
            Channel = FeedbackChannel.Web,
            Text = "مدرسه بچه ها بخاری نداره و کلاسا سرده",
            Province = province,
            ReceivedAt = DateTimeOffset.UtcNow,
            History = [new StatusChange(DateTimeOffset.UtcNow, FeedbackStatus.Received, "ثبت شد")],
        };
        Assert.True(await Store.TryCreateAsync(item, CancellationToken.None));
        return item;
    }

    [Fact]
    public async Task A_service_bus_invocation_processes_the_item_and_answers_the_host_payload()
    {
        var item = await StoreItemAsync("zanjan");

        using var response = await Client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode, 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payload = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(payload.TryGetProperty("Outputs", out _));
        var stored = await Store.GetAsync(item.TrackingCode, CancellationToken.None);
        Assert.Equal(FeedbackStatus.Routed, stored!.Status);
        Assert.Equal("education", stored.Assessment!.Topic);
    }

    /// <summary>Also past the last delivery (its settling had failed): the message is completed, not dead-lettered, and the item stays routed.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(Triggers.QueueTrigger<FeedbackReceived>.MaxDeliveries + 1)]
    public async Task A_redelivered_message_changes_nothing_and_is_completed(int deliveryCount)
    {
        var item = await StoreItemAsync("zanjan");
        using var first = await Client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode, 1));
        var afterFirst = await Store.GetAsync(item.TrackingCode, CancellationToken.None);

        using var again = await Client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode, deliveryCount));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var afterAgain = await Store.GetAsync(item.TrackingCode, CancellationToken.None);
        Assert.Equal(FeedbackStatus.Routed, afterAgain!.Status);
        Assert.Equal(afterFirst!.History.Count, afterAgain.History.Count);
        Assert.Equal(afterFirst.Assessment, afterAgain.Assessment);
    }

    [Fact]
    public async Task A_failing_item_is_retried_then_marked_failed_on_the_last_delivery()
    {
        var item = await StoreItemAsync("tehran");

        using var early = await Client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode, 1));
        Assert.Equal(HttpStatusCode.InternalServerError, early.StatusCode);
        Assert.Equal(FeedbackStatus.Received, (await Store.GetAsync(item.TrackingCode, CancellationToken.None))!.Status);

        using var last = await Client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode, 5));
        Assert.Equal(HttpStatusCode.InternalServerError, last.StatusCode);
        var failed = await Store.GetAsync(item.TrackingCode, CancellationToken.None);
        Assert.Equal(FeedbackStatus.Failed, failed!.Status);
        Assert.Contains("routing", failed.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sweeper_enqueues_an_item_whose_intake_crashed_before_the_enqueue()
    {
        var item = await StoreItemAsync("zanjan");
        await Store.MarkPendingAsync(item.TrackingCode, DateTimeOffset.UtcNow.AddMinutes(-5), CancellationToken.None);

        using var response = await Client.PostAsJsonAsync("/IntakeSweeper", new { Data = new { timer = new { IsPastDue = false } }, Metadata = new { } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while ((await Store.GetAsync(item.TrackingCode, CancellationToken.None))!.Status != FeedbackStatus.Routed)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the swept item was never processed");
            await Task.Delay(100);
        }
        Assert.DoesNotContain(item.TrackingCode, await Store.ListPendingAsync(DateTimeOffset.UtcNow, 1000, CancellationToken.None));
    }

    [Fact]
    public async Task A_delivery_beyond_the_last_is_dead_lettered_not_completed()
    {
        var item = await StoreItemAsync("zanjan");

        using var response = await Client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode, 6));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(FeedbackStatus.Failed, (await Store.GetAsync(item.TrackingCode, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Storage_out_on_the_last_delivery_postpones_the_message_and_its_copy_is_processed_later()
    {
        var outOnce = new NotificationsOutOnce();
        using var app = Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IMessageSender>(provider => outOnce.In(provider.GetRequiredService<StorageQueueTransport>()))));
        using var client = app.CreateClient();
        var item = await StoreItemAsync("zanjan", IranianMobile.Parse("09121234567").Mobile);

        using var response = await client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode, 5));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, outOnce.Refused);
        Assert.Equal(FeedbackStatus.Received, (await Store.GetAsync(item.TrackingCode, CancellationToken.None))!.Status);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while ((await Store.GetAsync(item.TrackingCode, CancellationToken.None))!.Status != FeedbackStatus.Routed)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the postponed copy was never processed");
            await Task.Delay(200);
        }
    }

    /// <summary>The notifications queue answers 503 once; every other send goes to the real queue.</summary>
    private sealed class NotificationsOutOnce
    {
        private int refused;

        public int Refused => refused;

        public IMessageSender In(IMessageSender queue) => new Sender(this, queue);

        private sealed class Sender(NotificationsOutOnce fault, IMessageSender queue) : IMessageSender
        {
            public Task SendAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken) =>
                queueName == Queues.Notifications && Interlocked.CompareExchange(ref fault.refused, 1, 0) == 0
                    ? throw new RequestFailedException(503, "The server is busy.")
                    : queue.SendAsync(queueName, message, cancellationToken);

            public Task SendBatchAsync(string queueName, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
                queue.SendBatchAsync(queueName, messages, cancellationToken);
        }
    }
}
