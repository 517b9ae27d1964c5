using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Feedback.Classification;
using Feedback.Core.Input;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Processing;
using Feedback.Core.Routing;
using Feedback.Core.Trends;
using Feedback.Functions.Composition;
using Feedback.Messaging.StorageQueues;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests.Processing;

/// <summary>The Functions host's calls for the Service Bus and timer triggers (Azure), against a real Azurite.</summary>
public sealed class TriggerTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    private IFeedbackStore Store => Service<IFeedbackStore>();

    private static object ServiceBusInvocation(string trackingCode, int deliveryCount, Dictionary<string, string>? properties = null) => new
    {
        Data = new { message = JsonSerializer.Serialize(JsonSerializer.Serialize(new { trackingCode })) },
        Metadata = new { MessageId = JsonSerializer.Serialize(trackingCode), DeliveryCount = deliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture), UserProperties = properties ?? [] },
    };

    /// <summary>
    /// A client of the app whose queue sends are recorded, not delivered (so the local runner never takes them). The test
    /// calls the function as the Functions host does, so this app runs no local triggers: its intake sweeper would record
    /// the leftovers of other tests on the shared Azurite.
    /// </summary>
    private (HttpClient Client, RecordingQueue Queue) WithRecordingQueue()
    {
        var queue = new RecordingQueue();
        var app = Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IMessageSender>(queue);
            services.RemoveImplementation<LocalTriggerRunner>();
        }));
        return (app.CreateClient(), queue);
    }

    private async Task<FeedbackItem> StoreItemAsync(string province, IranianMobile? phone = null)
    {
        var phones = Service<PhoneProtector>();
        var item = new FeedbackItem
        {
            TrackingCode = Feedback.Core.Items.TrackingCode.NewCode(),
            EncryptedPhone = phone is null ? null : phones.Encrypt(phone),
            PhoneHash = phone is null ? null : phones.LookupHash(phone),
            Channel = FeedbackChannel.Web,
            Text = "مدرسه بچه ها بخاری نداره و کلاسا سرده",
            Province = province,
            ReceivedAt = DateTimeOffset.UtcNow,
            History = [new StatusChange(DateTimeOffset.UtcNow, FeedbackStatus.Received, "ثبت شد")],
        };
        Assert.NotNull(await Store.TryCreateAsync(item, CancellationToken.None));
        return item;
    }

    private static object BatchInvocation(params FeedbackItem[] items) => new
    {
        Data = new { message = JsonSerializer.Serialize(System.Text.Encoding.UTF8.GetString(new ReceivedItems(items.Select(item => item.TrackingCode).ToList()).Serialize())) },
        Metadata = new { MessageId = JsonSerializer.Serialize("items-1"), DeliveryCount = "1", UserProperties = new { } },
    };

    /// <summary>The item as intake stores it, and the entry of intake's message that carries it with its version.</summary>
    private static async Task<ReceivedItem> StoreReceivedAsync(IFeedbackStore store)
    {
        var item = new FeedbackItem
        {
            TrackingCode = Feedback.Core.Items.TrackingCode.NewCode(),
            Channel = FeedbackChannel.Web,
            Text = "مدرسه بچه ها بخاری نداره و کلاسا سرده",
            Province = "zanjan",
            ReceivedAt = DateTimeOffset.UtcNow,
            History = [new StatusChange(DateTimeOffset.UtcNow, FeedbackStatus.Received, "ثبت شد")],
        };
        var version = await store.TryCreateAsync(item, CancellationToken.None);
        return new ReceivedItem(item.TrackingCode, new VersionedItem(item, version!));
    }

    private static object CarryingInvocation(ReceivedItem item) => new
    {
        Data = new { message = JsonSerializer.Serialize(System.Text.Encoding.UTF8.GetString(new ReceivedItems([item]).Serialize())) },
        Metadata = new { MessageId = JsonSerializer.Serialize(item.Code.Value), DeliveryCount = "1", UserProperties = new { } },
    };

    [Fact]
    public async Task A_message_carrying_its_item_routes_it_without_reading_it()
    {
        var counter = new StorageRequestCounter();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter.TablePolicy, HttpPipelinePosition.PerRetry);
        var store = new TableFeedbackStore(StorageClients.FromConnectionString(ConnectionString, tableOptions).Tables);
        var received = await StoreReceivedAsync(store);
        var handler = new ProcessFeedbackHandler(store, Service<FeedbackClassifier>(), Service<RoutingSource>(), Service<IMessageSender>(), Service<PublicPages>(), TimeProvider.System, Service<ITrendCounters>(), Service<SmsReplies>());
        var before = counter.Snapshot();

        var result = await handler.HandleAsync(received, CancellationToken.None);

        var spent = counter.Snapshot().Since(before).Tables.ByKind;
        Assert.NotEqual(ProcessingOutcome.AlreadyDone, result.Outcome);
        Assert.Equal(0, spent.GetValueOrDefault("point-read") + spent.GetValueOrDefault("query"));
        Assert.Equal(result.Item.Status, (await Store.GetAsync(received.Code, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_late_copy_carrying_the_item_as_intake_stored_it_undoes_nothing_staff_did_since()
    {
        var received = await StoreReceivedAsync(Store);
        using var first = await Client.PostAsJsonAsync("/ProcessFeedback", CarryingInvocation(received));
        var routed = (await Store.GetVersionedAsync(received.Code, CancellationToken.None))!;
        var now = DateTimeOffset.UtcNow;
        var acknowledged = routed.Item with { Status = FeedbackStatus.Acknowledged, AcknowledgedAt = now, History = [.. routed.Item.History, new StatusChange(now, FeedbackStatus.Acknowledged, "دیده شد")] };
        Assert.NotNull(await Store.TrySaveAsync(acknowledged, routed.Version, CancellationToken.None));
        await Store.ReindexAsync(routed.Item, acknowledged, CancellationToken.None);

        // A twin of intake's message (a send retried after its answer was lost) comes late, still carrying the received item.
        using var late = await Client.PostAsJsonAsync("/ProcessFeedback", CarryingInvocation(received));

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var stored = (await Store.GetAsync(received.Code, CancellationToken.None))!;
        Assert.Equal(FeedbackStatus.Acknowledged, stored.Status);
        Assert.Equal(acknowledged.History.Count, stored.History.Count);
        var inbox = StorageClients.FromConnectionString(ConnectionString).Tables.GetTableClient("AgencyInbox");
        var rows = await inbox.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {$"zanjan|{stored.Assessment!.AgencyKey}"}")).ToListAsync();
        Assert.Equal(nameof(FeedbackStatus.Acknowledged), Assert.Single(rows, row => row.RowKey.EndsWith(received.Code.Value, StringComparison.Ordinal)).GetString("Status"));
    }

    [Fact]
    public async Task A_message_of_several_items_routes_each_and_sends_a_failing_one_back_alone()
    {
        // Another test's leftover on the shared Azurite, due for the intake sweeper: it must not be among this call's sends.
        var leftover = await StoreItemAsync("tehran");
        await Store.MarkPendingAsync(leftover.TrackingCode, DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        var (client, queue) = WithRecordingQueue();
        var routable = await StoreItemAsync("zanjan");
        var unroutable = await StoreItemAsync("tehran");
        var alsoRoutable = await StoreItemAsync("zanjan");

        using var response = await client.PostAsJsonAsync("/ProcessFeedback", BatchInvocation(routable, unroutable, alsoRoutable));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FeedbackStatus.Routed, (await Store.GetAsync(routable.TrackingCode, CancellationToken.None))!.Status);
        Assert.Equal(FeedbackStatus.Routed, (await Store.GetAsync(alsoRoutable.TrackingCode, CancellationToken.None))!.Status);
        Assert.Equal(FeedbackStatus.Received, (await Store.GetAsync(unroutable.TrackingCode, CancellationToken.None))!.Status);
        var (queueName, alone) = Assert.Single(queue.Sent);
        Assert.Equal(Queues.FeedbackIntake, queueName);
        Assert.Equal($"{unroutable.TrackingCode}.alone", alone.MessageId);
        Assert.Equal(unroutable.TrackingCode, Assert.Single(ReceivedItems.Deserialize(alone.Body.Span)!.Codes));
        Assert.False(alone.Properties.ContainsKey(Triggers.Redelivery.DeliveriesProperty));
    }

    [Fact]
    public async Task A_message_whose_items_all_fail_is_retried_as_a_whole()
    {
        var (client, queue) = WithRecordingQueue();
        var first = await StoreItemAsync("tehran");
        var second = await StoreItemAsync("tehran");

        using var response = await client.PostAsJsonAsync("/ProcessFeedback", BatchInvocation(first, second));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var retry = Assert.Single(queue.Sent).Message;
        Assert.Equal("1", retry.Properties[Triggers.Redelivery.DeliveriesProperty]);
        Assert.Equal(new[] { first.TrackingCode.Value, second.TrackingCode.Value }, ReceivedItems.Deserialize(retry.Body.Span)!.Codes.Select(code => code.Value));
    }

    [Fact]
    public async Task A_service_bus_invocation_processes_the_item_and_answers_the_host_payload()
    {
        var item = await StoreItemAsync("zanjan");

        using var response = await Client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode.Value, 1));

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
    [InlineData(Triggers.QueueTrigger<ReceivedItems>.MaxDeliveries + 1)]
    public async Task A_redelivered_message_changes_nothing_and_is_completed(int deliveryCount)
    {
        var item = await StoreItemAsync("zanjan");
        using var first = await Client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode.Value, 1));
        var afterFirst = await Store.GetAsync(item.TrackingCode, CancellationToken.None);

        using var again = await Client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode.Value, deliveryCount));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var afterAgain = await Store.GetAsync(item.TrackingCode, CancellationToken.None);
        Assert.Equal(FeedbackStatus.Routed, afterAgain!.Status);
        Assert.Equal(afterFirst!.History.Count, afterAgain.History.Count);
        Assert.Equal(afterFirst.Assessment, afterAgain.Assessment);
    }

    /// <summary>
    /// As the local runner does: a failure comes back after a back-off and counts; the last delivery gives up with the
    /// app's reason. In Azure both are copies the app sends (the host could only abandon, for an immediate redelivery).
    /// </summary>
    [Fact]
    public async Task A_failing_item_is_retried_after_a_backoff_then_dead_lettered_with_the_apps_reason()
    {
        var (client, queue) = WithRecordingQueue();
        var item = await StoreItemAsync("tehran");
        var before = DateTimeOffset.UtcNow;

        using var early = await client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode.Value, 1));

        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Equal(FeedbackStatus.Received, (await Store.GetAsync(item.TrackingCode, CancellationToken.None))!.Status);
        var retry = Assert.Single(queue.Sent).Message;
        Assert.Equal("1", retry.Properties[Triggers.Redelivery.DeliveriesProperty]);
        Assert.InRange(retry.NotBefore!.Value - before, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        Assert.NotEqual(item.TrackingCode.Value, retry.MessageId);

        // The copy's fourth delivery is the message's fifth, its last.
        using var last = await client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode.Value, 1, new() { [Triggers.Redelivery.DeliveriesProperty] = "4" }));

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        var failed = await Store.GetAsync(item.TrackingCode, CancellationToken.None);
        Assert.Equal(FeedbackStatus.Failed, failed!.Status);
        Assert.Contains("routing", failed.FailureReason, StringComparison.Ordinal);
        var deadLetter = queue.Sent[^1].Message;
        Assert.Contains("routing", deadLetter.Properties[Triggers.Redelivery.DeadLetterReasonProperty], StringComparison.Ordinal);
        Assert.Null(deadLetter.NotBefore);
    }

    [Fact]
    public async Task A_malformed_message_is_dead_lettered_with_the_apps_reason_on_its_first_delivery()
    {
        var (client, queue) = WithRecordingQueue();
        var invocation = new
        {
            Data = new { message = JsonSerializer.Serialize("""{"somethingElse":1}""") },
            Metadata = new { MessageId = JsonSerializer.Serialize("m-1"), DeliveryCount = "1", UserProperties = new { } },
        };

        using var response = await client.PostAsJsonAsync("/ProcessFeedback", invocation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (queueName, copy) = Assert.Single(queue.Sent);
        Assert.Equal(Queues.FeedbackIntake, queueName);
        Assert.Contains("not a ReceivedItems message", copy.Properties[Triggers.Redelivery.DeadLetterReasonProperty], StringComparison.Ordinal);
    }

    /// <summary>The copy carrying the reason fails every delivery unhandled, so Service Bus dead-letters it with its properties.</summary>
    [Fact]
    public async Task A_copy_on_its_way_to_the_dead_letters_is_failed_without_being_handled()
    {
        var (client, queue) = WithRecordingQueue();
        var item = await StoreItemAsync("zanjan");

        using var response = await client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode.Value, 2, new() { [Triggers.Redelivery.DeadLetterReasonProperty] = "the reason" }));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(queue.Sent);
        Assert.Equal(FeedbackStatus.Received, (await Store.GetAsync(item.TrackingCode, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task When_the_copy_cannot_be_sent_the_host_abandons_the_message()
    {
        var (client, queue) = WithRecordingQueue();
        queue.Down = true;
        var item = await StoreItemAsync("tehran");

        using var response = await client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode.Value, 1));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
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
        var (client, queue) = WithRecordingQueue();
        var item = await StoreItemAsync("zanjan");

        using var response = await client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode.Value, 6));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("delivered 6 times", Assert.Single(queue.Sent).Message.Properties[Triggers.Redelivery.DeadLetterReasonProperty], StringComparison.Ordinal);
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

        using var response = await client.PostAsJsonAsync("/ProcessFeedback", ServiceBusInvocation(item.TrackingCode.Value, 5));

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
