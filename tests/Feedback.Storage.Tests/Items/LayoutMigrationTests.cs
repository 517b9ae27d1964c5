using System.Text.Json;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Items;

/// <summary>
/// `feedback migrate`'s move (<see cref="TableFeedbackStore.MigrateLayoutsAsync"/>) of rows written as the builds before
/// wrote them: items under PK code, RK "item" (1ee7224^'s ToEntity, the same columns as now) and SMS claims in
/// SmsDeduplication (PK SHA-256 of the key, RK "", the code). Each test has its own Azurite: a migration reads whole tables.
/// </summary>
public sealed class LayoutMigrationTests : IAsyncLifetime, IDisposable
{
    private readonly Azurite azurite = new();
    private readonly CancellationToken cancellation = CancellationToken.None;
    private TableServiceClient tables = null!;
    private TableClient items = null!;
    private TableClient oldClaims = null!;

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
        await new TableFeedbackStore(tables).EnsureTablesAsync(cancellation);
        items = tables.GetTableClient(TableFeedbackStore.ItemsTable);
        oldClaims = tables.GetTableClient(TableFeedbackStore.SmsTable);
    }

    public async Task DisposeAsync() => await azurite.DisposeAsync();

    public void Dispose() => azurite.Dispose();

    [Fact]
    public async Task Old_items_and_claims_move_so_that_every_item_and_claim_is_found_and_a_second_run_moves_nothing()
    {
        var web = await OldItemsAsync(3);
        var (sms, keys) = await OldSmsAsync(2);
        var unclaimedKey = await OldClaimAsync(TrackingCode.NewCode());
        var before = await ReadAllAsync(new TableFeedbackStore(tables), [.. web, .. sms]);

        var dry = await new TableFeedbackStore(tables).MigrateLayoutsAsync(dryRun: true, cancellation);

        Assert.Equal((5, 2, 1, 0, false), (dry.Items, dry.Claims, dry.DroppedClaims, dry.Conflicts.Count, dry.Marked));
        Assert.Equal(5, (await OldItemRowsAsync()).Count);
        Assert.Equal(3, (await OldClaimRowsAsync()).Count);

        var migration = await new TableFeedbackStore(tables).MigrateLayoutsAsync(dryRun: false, cancellation);

        Assert.Equal((5, 2, 1, 0, true), (migration.Items, migration.Claims, migration.DroppedClaims, migration.Conflicts.Count, migration.Marked));
        Assert.Empty(await OldItemRowsAsync());
        Assert.Empty(await OldClaimRowsAsync());
        var store = new TableFeedbackStore(tables);
        Assert.True(await store.IsMigratedAsync(cancellation));
        Assert.Equal(before, await ReadAllAsync(store, [.. web, .. sms]));
        for (var index = 0; index < sms.Count; index++)
        {
            Assert.Equal(sms[index], await store.FindSmsClaimAsync(keys[index], cancellation));
            Assert.NotNull(await items.GetOrNullAsync(TableFeedbackStore.ClaimPartition(keys[index]), TableFeedbackStore.ClaimRow(keys[index]), cancellation));
        }
        Assert.Null(await store.FindSmsClaimAsync(unclaimedKey, cancellation));
        Assert.Equal(0, (await store.TryCreateAllAsync([Item(web[0])], cancellation)).TakenIndex);

        var again = await new TableFeedbackStore(tables).MigrateLayoutsAsync(dryRun: false, cancellation);

        Assert.Equal((0, 0, 0, 0, true), (again.Items, again.Claims, again.DroppedClaims, again.Conflicts.Count, again.Marked));
        Assert.Equal(before, await ReadAllAsync(store, [.. web, .. sms]));
    }

    [Fact]
    public async Task A_run_that_stopped_half_way_is_completed_by_the_next()
    {
        var codes = await OldItemsAsync(4);
        var (sms, keys) = await OldSmsAsync(2);
        var before = await ReadAllAsync(new TableFeedbackStore(tables), [.. codes, .. sms]);
        // What a run that crashed left: two items copied but not deleted, one moved, one not reached; one claim copied.
        await CopyToNewKeyAsync(codes[0]);
        await CopyToNewKeyAsync(codes[1]);
        await CopyToNewKeyAsync(codes[2]);
        await items.DeleteEntityAsync(codes[2].Value, "item", cancellationToken: cancellation);
        await items.AddEntityAsync(new TableEntity(TableFeedbackStore.ClaimPartition(keys[0]), TableFeedbackStore.ClaimRow(keys[0])) { ["TrackingCode"] = sms[0].Value }, cancellation);
        Assert.Equal(before, await ReadAllAsync(new TableFeedbackStore(tables), [.. codes, .. sms]));

        var migration = await new TableFeedbackStore(tables).MigrateLayoutsAsync(dryRun: false, cancellation);

        Assert.Equal((5, 2, 0, true), (migration.Items, migration.Claims, migration.Conflicts.Count, migration.Marked));
        Assert.Empty(await OldItemRowsAsync());
        Assert.Empty(await OldClaimRowsAsync());
        var store = new TableFeedbackStore(tables);
        Assert.Equal(before, await ReadAllAsync(store, [.. codes, .. sms]));
        Assert.Equal(sms[0], await store.FindSmsClaimAsync(keys[0], cancellation));
        Assert.Equal(sms[1], await store.FindSmsClaimAsync(keys[1], cancellation));
    }

    [Fact]
    public async Task A_conflicting_copy_or_a_row_of_no_known_shape_is_reported_and_left_and_no_marker_is_written()
    {
        var codes = await OldItemsAsync(3);
        var (sms, keys) = await OldSmsAsync(1);
        var differing = await CopyToNewKeyAsync(codes[0]);
        differing["Text"] = "متن دیگر";
        await items.UpdateEntityAsync(differing, Azure.ETag.All, TableUpdateMode.Replace, cancellation);
        await items.AddEntityAsync(new TableEntity(codes[1].Value, "note") { ["Text"] = "?" }, cancellation);
        var otherCode = TrackingCode.NewCode();
        await items.AddEntityAsync(new TableEntity(TableFeedbackStore.ClaimPartition(keys[0]), TableFeedbackStore.ClaimRow(keys[0])) { ["TrackingCode"] = otherCode.Value }, cancellation);

        var dry = await new TableFeedbackStore(tables).MigrateLayoutsAsync(dryRun: true, cancellation);
        var migration = await new TableFeedbackStore(tables).MigrateLayoutsAsync(dryRun: false, cancellation);

        Assert.Equal(dry.Conflicts, migration.Conflicts);
        Assert.Equal((3, 0, 3, false), (migration.Items, migration.Claims, migration.Conflicts.Count, migration.Marked));
        Assert.Contains(migration.Conflicts, conflict => conflict.StartsWith($"item {codes[0]}:", StringComparison.Ordinal));
        Assert.Contains(migration.Conflicts, conflict => conflict.Contains($"PK '{codes[1].Value}' RK 'note'", StringComparison.Ordinal));
        Assert.Contains(migration.Conflicts, conflict => conflict.Contains(otherCode.Value, StringComparison.Ordinal));
        Assert.Equal(["item", "note"], (await OldItemRowsAsync()).Select(row => row.RowKey).Order(StringComparer.Ordinal));
        Assert.Single(await OldClaimRowsAsync());
        var store = new TableFeedbackStore(tables);
        Assert.False(await store.IsMigratedAsync(cancellation));
        Assert.Equal("متن دیگر", (await store.GetAsync(codes[0], cancellation))!.Text);
        Assert.Equal(otherCode, await store.FindSmsClaimAsync(keys[0], cancellation));
    }

    [Fact]
    public async Task A_save_to_the_old_row_just_after_it_was_copied_is_carried_to_the_copy()
    {
        var code = (await OldItemsAsync(1))[0];
        // The app's save that found no copy yet (its read of the new key came just before the insert) lands on the old row.
        var migrating = MigratingStore(afterCopy: () => SaveStatus(code.Value, "item", "Resolved"));

        var migration = await migrating.MigrateLayoutsAsync(dryRun: false, cancellation);

        Assert.Equal((1, 0, true), (migration.Items, migration.Conflicts.Count, migration.Marked));
        Assert.Empty(await OldItemRowsAsync());
        Assert.Equal(FeedbackStatus.Resolved, (await new TableFeedbackStore(tables).GetAsync(code, cancellation))!.Status);
    }

    [Fact]
    public async Task A_save_to_the_copy_before_the_old_row_is_deleted_is_kept()
    {
        var code = (await OldItemsAsync(1))[0];
        // The app's save that found the copy (the new key is read first) changes it between the copy and its read back.
        var migrating = MigratingStore(afterCopy: () => SaveStatus(TableFeedbackStore.ItemPartition(code), code.Value, "Resolved"));

        var migration = await migrating.MigrateLayoutsAsync(dryRun: false, cancellation);

        Assert.Equal((1, 0, true), (migration.Items, migration.Conflicts.Count, migration.Marked));
        Assert.Empty(await OldItemRowsAsync());
        Assert.Equal(FeedbackStatus.Resolved, (await new TableFeedbackStore(tables).GetAsync(code, cancellation))!.Status);
    }

    [Fact]
    public async Task A_running_store_stops_reading_the_old_layouts_once_the_marker_is_written()
    {
        var (_, keys) = await OldSmsAsync(1);
        var counter = new StorageRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter.TablePolicy, Azure.Core.HttpPipelinePosition.PerRetry);
        var running = new TableFeedbackStore(new TableServiceClient(azurite.ConnectionString, options)) { LegacyRecheck = TimeSpan.Zero };
        var unknownKey = $"mid-{Guid.NewGuid():N}";
        Assert.Null(await running.FindSmsClaimAsync(unknownKey, cancellation));
        Assert.True(counter.Snapshot().Tables.ByTable.GetValueOrDefault(TableFeedbackStore.SmsTable) > 0);

        await new TableFeedbackStore(tables).MigrateLayoutsAsync(dryRun: false, cancellation);
        var readsBefore = counter.Snapshot().Tables.ByTable.GetValueOrDefault(TableFeedbackStore.SmsTable);
        Assert.Null(await running.FindSmsClaimAsync(unknownKey, cancellation));
        Assert.NotNull(await running.FindSmsClaimAsync(keys[0], cancellation));

        Assert.Equal(readsBefore, counter.Snapshot().Tables.ByTable.GetValueOrDefault(TableFeedbackStore.SmsTable));
    }

    [Fact]
    public async Task A_first_request_cancelled_while_the_store_looks_for_old_rows_does_not_fail_the_next()
    {
        var store = new TableFeedbackStore(tables);
        var item = Item(TrackingCode.NewCode());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.TryCreateAllAsync([item], new CancellationToken(canceled: true)));

        Assert.NotNull((await store.TryCreateAllAsync([item], cancellation)).Versions);
    }

    /// <summary>A store whose first insert of a copy is followed, before the migration's next request, by <paramref name="afterCopy"/>.</summary>
    private TableFeedbackStore MigratingStore(Action afterCopy)
    {
        var options = new TableClientOptions();
        options.AddPolicy(new AfterFirstInsert(afterCopy), Azure.Core.HttpPipelinePosition.PerCall);
        return new TableFeedbackStore(new TableServiceClient(azurite.ConnectionString, options));
    }

    private void SaveStatus(string partition, string row, string status)
    {
        var entity = items.GetEntity<TableEntity>(partition, row).Value;
        entity["Status"] = status;
        items.UpdateEntity(entity, entity.ETag, TableUpdateMode.Replace);
    }

    private sealed class AfterFirstInsert(Action action) : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
    {
        private int fired;

        public override void OnReceivedResponse(Azure.Core.HttpMessage message)
        {
            if (message.Request.Method == Azure.Core.RequestMethod.Post && message.Response.Status is 201 or 204 && Interlocked.Exchange(ref fired, 1) == 0)
                action();
        }
    }

    /// <summary>Items written as the builds before the shards wrote them: the same columns, under PK code, RK "item".</summary>
    private async Task<List<TrackingCode>> OldItemsAsync(int count, FeedbackChannel channel = FeedbackChannel.Web, string? smsKey = null)
    {
        var codes = new List<TrackingCode>();
        for (var index = 0; index < count; index++)
        {
            var item = Item(TrackingCode.NewCode()) with { Channel = channel, Text = $"آب محله {index} قطع است" };
            await new TableFeedbackStore(tables).TryCreateAsync(item, cancellation);
            var row = (await items.GetOrNullAsync(TableFeedbackStore.ItemPartition(item.TrackingCode), item.TrackingCode.Value, cancellation))!;
            await items.DeleteEntityAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellation);
            (row.PartitionKey, row.RowKey) = (item.TrackingCode.Value, "item");
            if (smsKey is not null)
                row["SmsKey"] = smsKey;
            await items.AddEntityAsync(row, cancellation);
            codes.Add(item.TrackingCode);
        }
        return codes;
    }

    /// <summary>SMS items of the layout before: each claim in SmsDeduplication, its item under the old key, its code in any shard.</summary>
    private async Task<(List<TrackingCode> Codes, List<string> Keys)> OldSmsAsync(int count)
    {
        var codes = new List<TrackingCode>();
        var keys = new List<string>();
        for (var index = 0; index < count; index++)
        {
            var key = $"mid-{Guid.NewGuid():N}";
            var code = (await OldItemsAsync(1, FeedbackChannel.Sms, key))[0];
            await OldClaimAsync(code, key);
            codes.Add(code);
            keys.Add(key);
        }
        return (codes, keys);
    }

    private async Task<string> OldClaimAsync(TrackingCode code, string? key = null)
    {
        key ??= $"mid-{Guid.NewGuid():N}";
        await oldClaims.AddEntityAsync(new TableEntity(TableFeedbackStore.SmsPartition(key), string.Empty) { ["TrackingCode"] = code.Value }, cancellation);
        return key;
    }

    /// <summary>What a migration that stopped after its copy left: the old row's columns under the new key, the old row kept.</summary>
    private async Task<TableEntity> CopyToNewKeyAsync(TrackingCode code)
    {
        var old = (await items.GetOrNullAsync(code.Value, "item", cancellation))!;
        var copy = new TableEntity(TableFeedbackStore.ItemPartition(code), code.Value);
        foreach (var (name, value) in old.Where(column => column.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")))
            copy[name] = value;
        await items.AddEntityAsync(copy, cancellation);
        return copy;
    }

    private Task<List<TableEntity>> OldItemRowsAsync() => items.QueryOrNoneAsync("PartitionKey lt 'items-'", null, cancellation);

    private async Task<List<TableEntity>> OldClaimRowsAsync() => await oldClaims.QueryAsync<TableEntity>(cancellationToken: cancellation).ToListAsync(cancellation);

    /// <summary>Each item as the store reads it, whole.</summary>
    private async Task<List<string>> ReadAllAsync(TableFeedbackStore store, IEnumerable<TrackingCode> codes)
    {
        var read = new List<string>();
        foreach (var code in codes)
            read.Add(JsonSerializer.Serialize(await store.GetAsync(code, cancellation) ?? throw new InvalidOperationException($"item {code} is not found")));
        return read;
    }

    private static FeedbackItem Item(TrackingCode code) => new()
    {
        TrackingCode = code,
        Channel = FeedbackChannel.Web,
        Text = "چراغ کوچه خاموش است",
        Province = "zanjan",
        County = "khodabandeh",
        ReceivedAt = DateTimeOffset.UtcNow,
        Status = FeedbackStatus.Routed,
        History = [new StatusChange(DateTimeOffset.UtcNow, FeedbackStatus.Received, "ثبت شد"), new StatusChange(DateTimeOffset.UtcNow, FeedbackStatus.Routed, "ارجاع شد")],
        NoticesQueued = 1,
    };
}
