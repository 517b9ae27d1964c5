using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Feedback.Classification;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Processing;
using Feedback.Core.Routing;
using Feedback.Core.Trends;
using Feedback.Functions.Processing;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feedback.Functions.Tests.Processing;

/// <summary>The items of one intake batch share a shard: processing saves them in one transaction, and one by one when it must.</summary>
public sealed class BatchSaveTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    private readonly CancellationToken cancellation = CancellationToken.None;
    private readonly Random random = new();

    private IFeedbackStore Store => Service<IFeedbackStore>();

    [Fact]
    public async Task A_batchs_routed_items_are_saved_in_one_transaction()
    {
        var counter = new StorageRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter.TablePolicy, HttpPipelinePosition.PerRetry);
        var store = new TableFeedbackStore(StorageClients.FromConnectionString(ConnectionString, options).Tables);
        var handler = new ProcessFeedbackHandler(store, Service<FeedbackClassifier>(), Service<RoutingSource>(), Service<IMessageSender>(), Service<PublicPages>(), TimeProvider.System, Service<ITrendCounters>(), Service<SmsReplies>());
        var batch = await StoreBatchAsync(store, 3);
        var routed = new List<RoutedItem>();
        foreach (var item in batch)
            routed.Add((await handler.PrepareAsync(item, cancellation)).Routed!);
        var before = counter.Snapshot();

        var results = await handler.SaveTogetherAsync(routed, cancellation);

        Assert.Equal(new Dictionary<string, long> { ["batch"] = 1 }, counter.Snapshot().Since(before).Tables.ByKind.Where(kind => kind.Value > 0).ToDictionary());
        Assert.All(results, result => Assert.NotEqual(ProcessingOutcome.AlreadyDone, result!.Outcome));
        foreach (var item in batch)
            Assert.Equal(FeedbackStatus.Routed, (await Store.GetAsync(item.Code, cancellation))!.Status);
    }

    [Fact]
    public async Task A_batch_with_an_item_changed_since_saves_the_others_alone_and_keeps_the_change()
    {
        var batch = await StoreBatchAsync(Store, 3);
        var failed = batch[1].Stored!.Item with { Status = FeedbackStatus.Failed, FailureReason = "کارشناس" };
        Assert.NotNull(await Store.TrySaveAsync(failed, batch[1].Stored!.Version, cancellation));

        using var response = await Client.PostAsJsonAsync("/ProcessFeedback", Invocation(batch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FeedbackStatus.Routed, (await Store.GetAsync(batch[0].Code, cancellation))!.Status);
        Assert.Equal(FeedbackStatus.Failed, (await Store.GetAsync(batch[1].Code, cancellation))!.Status);
        Assert.Equal(FeedbackStatus.Routed, (await Store.GetAsync(batch[2].Code, cancellation))!.Status);
    }

    [Fact]
    public async Task A_redelivered_batch_message_changes_nothing()
    {
        var batch = await StoreBatchAsync(Store, 3);
        using var first = await Client.PostAsJsonAsync("/ProcessFeedback", Invocation(batch));
        var afterFirst = await Task.WhenAll(batch.Select(item => Store.GetVersionedAsync(item.Code, cancellation)));

        using var again = await Client.PostAsJsonAsync("/ProcessFeedback", Invocation(batch));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var afterAgain = await Task.WhenAll(batch.Select(item => Store.GetVersionedAsync(item.Code, cancellation)));
        Assert.Equal(afterFirst.Select(item => item!.Version), afterAgain.Select(item => item!.Version));
        Assert.All(afterAgain, item => Assert.Equal(FeedbackStatus.Routed, item!.Item.Status));
    }

    [Fact]
    public async Task A_message_mixing_items_of_the_old_layout_and_the_new_routes_each_where_it_is_stored()
    {
        var batch = await StoreBatchAsync(Store, 2);
        var old = (await StoreBatchAsync(Store, 1, shard: batch[0].Code.Shard))[0];
        var table = StorageClients.FromConnectionString(ConnectionString).Tables.GetTableClient(TableFeedbackStore.ItemsTable);
        var row = (await table.GetEntityAsync<TableEntity>(TableFeedbackStore.ItemPartition(old.Code), old.Code.Value)).Value;
        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        row.PartitionKey = old.Code.Value;
        row.RowKey = "item";
        await table.AddEntityAsync(row);
        try
        {
            // An app started while old rows exist (as a deployment's, before `feedback migrate`) looks for them; the old
            // item goes by code, as the sweeper or a build before the shards would send it.
            using var app = Factory.WithWebHostBuilder(_ => { });
            using var client = app.CreateClient();
            using var response = await client.PostAsJsonAsync("/ProcessFeedback", Invocation([.. batch, new ReceivedItem(old.Code)]));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var store = new TableFeedbackStore(StorageClients.FromConnectionString(ConnectionString).Tables);
            Assert.All(await Task.WhenAll(batch.Append(old).Select(item => store.GetAsync(item.Code, cancellation))), item => Assert.Equal(FeedbackStatus.Routed, item!.Status));
            Assert.Equal(FeedbackStatus.Routed, Enum.Parse<FeedbackStatus>((await table.GetEntityAsync<TableEntity>(old.Code.Value, "item")).Value.GetString("Status")));
            Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(TableFeedbackStore.ItemPartition(old.Code), old.Code.Value)).HasValue);
        }
        finally
        {
            await table.DeleteEntityAsync(old.Code.Value, "item");
        }
    }

    [Fact]
    public async Task A_batchs_acknowledgements_go_out_in_one_notifications_message()
    {
        var queue = new RecordingQueue();
        var handler = new ProcessFeedbackHandler(Store, Service<FeedbackClassifier>(), Service<RoutingSource>(), queue, Service<PublicPages>(), TimeProvider.System, Service<ITrendCounters>(), Service<SmsReplies>());
        var function = new ProcessFeedbackFunction(handler, queue, TimeProvider.System, NullLogger<ProcessFeedbackFunction>.Instance);
        var batch = await StoreBatchAsync(Store, 3, phone: IranianMobile.Parse("09121234567").Mobile);
        var message = new ReceivedItems(batch).ToMessage();

        var result = await function.DeliverAsync(new ReceivedMessage(message.MessageId, message.Body, message.Properties, 1, "receipt", "transport-id"), cancellation);

        Assert.Equal(Triggers.DeliveryVerdict.Done, result.Verdict);
        var notifications = Assert.Single(queue.Sent, sent => sent.Queue == Queues.Notifications).Message;
        Assert.Equal(batch.Select(item => $"{item.Code.Value}-ack").Order(), SmsRequests.Deserialize(notifications.Body.Span)!.Sms.Select(sms => sms.Key).Order());
        foreach (var item in batch)
            Assert.Equal(FeedbackStatus.Routed, (await Store.GetAsync(item.Code, cancellation))!.Status);
    }

    /// <summary>Items as intake stores a batch (one shard, one transaction), each with the version its message carries, from <paramref name="phone"/> when given.</summary>
    private async Task<List<ReceivedItem>> StoreBatchAsync(IFeedbackStore store, int count, int? shard = null, IranianMobile? phone = null)
    {
        var phones = Service<PhoneProtector>();
        var inShard = shard ?? random.Next(TrackingCode.Shards);
        var items = Enumerable.Range(0, count).Select(_ => new FeedbackItem
        {
            TrackingCode = TrackingCode.NewCodeIn(inShard, random.Next),
            Channel = FeedbackChannel.Web,
            Text = "مدرسه بچه ها بخاری نداره و کلاسا سرده",
            Province = "zanjan",
            ReceivedAt = DateTimeOffset.UtcNow,
            EncryptedPhone = phone is null ? null : phones.Encrypt(phone),
            PhoneHash = phone is null ? null : phones.LookupHash(phone),
            History = [new StatusChange(DateTimeOffset.UtcNow, FeedbackStatus.Received, "ثبت شد")],
        }).ToList();
        var versions = (await store.TryCreateAllAsync(items, cancellation)).Versions!;
        return [.. items.Select((item, index) => new ReceivedItem(item.TrackingCode, new VersionedItem(item, versions[index])))];
    }

    private static object Invocation(IReadOnlyList<ReceivedItem> items) => new
    {
        Data = new { message = JsonSerializer.Serialize(System.Text.Encoding.UTF8.GetString(new ReceivedItems(items).Serialize())) },
        Metadata = new { MessageId = JsonSerializer.Serialize(new ReceivedItems(items).MessageId), DeliveryCount = "1", UserProperties = new { } },
    };
}
