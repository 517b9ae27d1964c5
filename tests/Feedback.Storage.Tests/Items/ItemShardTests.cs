using Azure.Data.Tables;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Items;

/// <summary><c>FeedbackItems</c> keyed by the code's shard: a batch in one transaction, and items of the old layout (PK code, RK "item") still found.</summary>
[Collection(Azurite.Collection)]
public class ItemShardTests(Azurite azurite)
{
    private readonly CancellationToken cancellation = CancellationToken.None;
    private readonly Random random = new();

    [Fact]
    public async Task A_batch_of_one_shard_is_stored_together_with_each_items_version()
    {
        var store = await StoreAsync();
        var batch = Items(shard: 3, count: 3);

        var created = await store.TryCreateAllAsync(batch, cancellation);

        Assert.Equal(3, created.Versions!.Count);
        for (var index = 0; index < batch.Count; index++)
            Assert.Equal(created.Versions[index], (await store.GetVersionedAsync(batch[index].TrackingCode, cancellation))!.Version);
    }

    [Fact]
    public async Task A_taken_code_fails_the_whole_batch_and_is_named()
    {
        var store = await StoreAsync();
        var batch = Items(shard: 5, count: 3);
        Assert.NotNull(await store.TryCreateAsync(batch[1] with { Text = "پیشتر" }, cancellation));

        var created = await store.TryCreateAllAsync(batch, cancellation);

        Assert.Null(created.Versions);
        Assert.Equal(1, created.TakenIndex);
        Assert.Null(await store.GetAsync(batch[0].TrackingCode, cancellation));
        Assert.Null(await store.GetAsync(batch[2].TrackingCode, cancellation));
        Assert.Throws<ArgumentException>(() => store.TryCreateAllAsync([batch[0], Items(shard: 6, count: 1)[0]], cancellation).GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Items_saved_together_are_saved_but_one_that_changed_since_which_is_left_to_save_alone()
    {
        var store = await StoreAsync();
        var batch = Items(shard: 7, count: 3);
        var versions = (await store.TryCreateAllAsync(batch, cancellation)).Versions!;
        var changed = batch[2] with { Status = FeedbackStatus.Failed };
        Assert.NotNull(await store.TrySaveAsync(changed, versions[2], cancellation));
        var routed = batch.Select((item, index) => new VersionedItem(item with { Status = FeedbackStatus.Routed }, versions[index])).ToList();

        var saved = await store.TrySaveAllAsync(routed, cancellation);

        Assert.Equal(3, saved!.Count);
        Assert.Null(saved[2]);
        Assert.Equal(saved[0], (await store.GetVersionedAsync(batch[0].TrackingCode, cancellation))!.Version);
        Assert.Equal(saved[1], (await store.GetVersionedAsync(batch[1].TrackingCode, cancellation))!.Version);
        Assert.Equal(FeedbackStatus.Routed, (await store.GetAsync(batch[1].TrackingCode, cancellation))!.Status);
        Assert.Equal(FeedbackStatus.Failed, (await store.GetAsync(batch[2].TrackingCode, cancellation))!.Status);
    }

    [Fact]
    public async Task An_item_of_the_old_layout_is_found_and_saved_where_it_is_and_its_code_stays_taken()
    {
        var tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
        var old = Items(shard: 9, count: 1)[0];
        await (await StoreAsync()).TryCreateAsync(old, cancellation);
        var table = tables.GetTableClient(TableFeedbackStore.ItemsTable);
        await MoveToOldKeyAsync(table, old.TrackingCode);
        try
        {
            // A store started after the old rows were written (as a deployment's would be) knows that they exist.
            var store = new TableFeedbackStore(tables);
            var read = await store.GetVersionedAsync(old.TrackingCode, cancellation);
            Assert.Equal(old.Text, read!.Item.Text);

            var routed = read.Item with { Status = FeedbackStatus.Routed };
            Assert.Equal([null, null], await store.TrySaveAllAsync([new VersionedItem(routed, read.Version), .. (await NewItemsAsync(store, 9, 1))], cancellation));
            Assert.NotNull(await store.TrySaveAsync(routed, read.Version, cancellation));
            await store.SaveAsync(routed with { FailureReason = "دوباره" }, cancellation);

            Assert.Equal("دوباره", (await store.GetAsync(old.TrackingCode, cancellation))!.FailureReason);
            Assert.Null(await table.GetOrNullAsync(TableFeedbackStore.ItemPartition(old.TrackingCode), old.TrackingCode.Value, cancellation));
            var clash = await store.TryCreateAllAsync([old with { Text = "تازه" }], cancellation);
            Assert.Equal(0, clash.TakenIndex);
        }
        finally
        {
            // Other tests' stores count their requests: no old row is left to look up.
            await table.DeleteEntityAsync(old.TrackingCode.Value, "item", cancellationToken: cancellation);
        }
    }

    [Fact]
    public async Task An_sms_claims_its_key_in_its_items_transaction_and_a_second_claim_fails_the_batch_naming_it()
    {
        var store = await StoreAsync();
        var key = SmsKeyIn(shard: 10);
        var first = Sms(key, Items(shard: 10, count: 1)[0]);
        Assert.NotNull((await store.TryCreateAllAsync([first], cancellation)).Versions);

        var batch = Items(shard: 10, count: 2);
        var created = await store.TryCreateAllAsync([batch[0], Sms(key, batch[1]), Sms(SmsKeyIn(shard: 10), Items(shard: 10, count: 1)[0])], cancellation);

        Assert.Null(created.Versions);
        Assert.Equal(1, created.TakenIndex);
        Assert.True(created.ClaimTaken);
        Assert.Null(await store.GetAsync(batch[0].TrackingCode, cancellation));
        Assert.Equal(first.TrackingCode, await store.FindSmsClaimAsync(key, cancellation));
        Assert.Throws<ArgumentException>(() => store.TryCreateAllAsync([Sms(SmsKeyIn(shard: 11), Items(shard: 10, count: 1)[0])], cancellation).GetAwaiter().GetResult());
    }

    [Fact]
    public async Task A_claim_of_the_old_table_is_honoured_until_the_migration_marker_is_written()
    {
        var tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
        await StoreAsync();
        var key = SmsKeyIn(shard: 12);
        var claimed = TrackingCode.NewCode();
        var oldClaims = tables.GetTableClient(TableFeedbackStore.SmsTable);
        var items = tables.GetTableClient(TableFeedbackStore.ItemsTable);
        await oldClaims.AddEntityAsync(new TableEntity(TableFeedbackStore.SmsPartition(key), string.Empty) { ["TrackingCode"] = claimed.Value }, cancellation);
        try
        {
            // A store started while old claims exist looks there: the key is claimed for the old code.
            var store = new TableFeedbackStore(tables);
            Assert.Equal(claimed, await store.FindSmsClaimAsync(key, cancellation));
            var created = await store.TryCreateAllAsync([Sms(key, Items(shard: 12, count: 1)[0])], cancellation);
            Assert.True(created.ClaimTaken);

            // Once the migration's marker is there, a store started after never reads the old table.
            await items.AddEntityAsync(new TableEntity(TableFeedbackStore.MarkerPartition, TableFeedbackStore.MigratedRow), cancellation);
            var counter = new StorageRequestCounter();
            var options = new TableClientOptions();
            options.AddPolicy(counter.TablePolicy, Azure.Core.HttpPipelinePosition.PerRetry);
            var migrated = new TableFeedbackStore(new TableServiceClient(azurite.ConnectionString, options));
            Assert.Null(await migrated.FindSmsClaimAsync(key, cancellation));
            Assert.NotNull((await migrated.TryCreateAllAsync([Sms(key, Items(shard: 12, count: 1)[0])], cancellation)).Versions);
            Assert.Equal(0, counter.Snapshot().Tables.ByTable.GetValueOrDefault(TableFeedbackStore.SmsTable));
        }
        finally
        {
            // Other tests' stores count their requests: no old claim or marker is left.
            await oldClaims.DeleteEntityAsync(TableFeedbackStore.SmsPartition(key), string.Empty, cancellationToken: cancellation);
            await items.DeleteEntityAsync(TableFeedbackStore.MarkerPartition, TableFeedbackStore.MigratedRow, cancellationToken: cancellation);
        }
    }

    [Fact]
    public async Task A_shard_reads_as_its_items_without_its_sms_claims_or_other_shards_items()
    {
        var store = await StoreAsync();
        var web = await NewItemsAsync(store, shard: 13, count: 2);
        var sms = Sms(SmsKeyIn(shard: 13), Items(shard: 13, count: 1)[0]);
        Assert.NotNull((await store.TryCreateAllAsync([sms], cancellation)).Versions);
        var elsewhere = await NewItemsAsync(store, shard: 14, count: 1);

        var read = await store.ReadShardAsync(13, cancellation).ToListAsync(cancellation);

        Assert.All(read, item => Assert.Equal(13, item.TrackingCode.Shard));
        Assert.Equal(read.Count, read.Select(item => item.TrackingCode).Distinct().Count());
        foreach (var code in web.Select(item => item.Item.TrackingCode).Append(sms.TrackingCode))
            Assert.Contains(read, item => item.TrackingCode == code);
        Assert.Equal(sms.SmsKey, read.Single(item => item.TrackingCode == sms.TrackingCode).SmsKey);
        Assert.DoesNotContain(read, item => item.TrackingCode == elsewhere[0].Item.TrackingCode);
    }

    private static FeedbackItem Sms(string key, FeedbackItem item) => item with { Channel = FeedbackChannel.Sms, SmsKey = key };

    private static string SmsKeyIn(int shard)
    {
        while (true)
        {
            var key = $"mid-{Guid.NewGuid():N}";
            if (SmsDeduplication.Shard(key) == shard)
                return key;
        }
    }

    private static async Task MoveToOldKeyAsync(TableClient table, TrackingCode code)
    {
        var row = (await table.GetOrNullAsync(TableFeedbackStore.ItemPartition(code), code.Value, CancellationToken.None))!;
        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        row.PartitionKey = code.Value;
        row.RowKey = "item";
        await table.AddEntityAsync(row);
    }

    private async Task<List<VersionedItem>> NewItemsAsync(TableFeedbackStore store, int shard, int count)
    {
        var items = Items(shard, count);
        var versions = (await store.TryCreateAllAsync(items, cancellation)).Versions!;
        return [.. items.Select((item, index) => new VersionedItem(item, versions[index]))];
    }

    private List<FeedbackItem> Items(int shard, int count) =>
    [
        .. Enumerable.Range(0, count).Select(index => new FeedbackItem
        {
            TrackingCode = TrackingCode.NewCodeIn(shard, random.Next),
            Channel = FeedbackChannel.Web,
            Text = $"چراغ کوچه {index} خاموش است",
            Province = "zanjan",
            ReceivedAt = DateTimeOffset.UtcNow,
            History = [new StatusChange(DateTimeOffset.UtcNow, FeedbackStatus.Received, "ثبت شد")],
        }),
    ];

    private async Task<TableFeedbackStore> StoreAsync()
    {
        var store = new TableFeedbackStore(StorageClients.FromConnectionString(azurite.ConnectionString).Tables);
        await store.EnsureTablesAsync(cancellation);
        return store;
    }
}
