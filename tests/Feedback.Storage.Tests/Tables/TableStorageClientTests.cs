using Azure;
using Feedback.Storage.Auth;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Tables;

[Collection(Azurite.Collection)]
public class TableStorageClientTests(Azurite azurite)
{
    private readonly TableStorageClient client = new(StorageConnection.Parse(azurite.ConnectionString));
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task Creating_a_table_twice_is_fine()
    {
        var table = TestNames.Table();

        await client.CreateTableIfNotExistsAsync(table, cancellation);
        await client.CreateTableIfNotExistsAsync(table, cancellation);
    }

    [Fact]
    public async Task Every_property_type_round_trips_with_timestamp_and_etag()
    {
        var table = await NewTableAsync();
        var submitted = new DateTimeOffset(2025, 3, 21, 8, 15, 30, TimeSpan.Zero).AddTicks(1234567);
        var id = Guid.NewGuid();
        var entity = new TableEntity("زنجان", "1404-01-01")
        {
            ["Text"] = "آب منطقه‌ی ما از دیروز قطع است «فوری»",
            ["Rating"] = 4,
            ["Total"] = 5_000_000_000L,
            ["Confidence"] = 0.8125,
            ["WholeDouble"] = 3.0,
            ["Urgent"] = true,
            ["SubmittedAt"] = submitted,
            ["Id"] = id,
            ["Hash"] = new byte[] { 0, 1, 2, 254, 255 },
        };

        var etag = await client.InsertAsync(table, entity, cancellation);
        var read = await client.GetAsync(table, "زنجان", "1404-01-01", cancellation);

        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("آب منطقه‌ی ما از دیروز قطع است «فوری»", read.GetString("Text"));
        Assert.Equal(4, read.GetInt32("Rating"));
        Assert.Equal(5_000_000_000L, read.GetInt64("Total"));
        Assert.Equal(0.8125, read.GetDouble("Confidence"));
        Assert.Equal(3.0, read.GetDouble("WholeDouble"));
        Assert.True(read.GetBoolean("Urgent"));
        Assert.Equal(submitted, read.GetDateTimeOffset("SubmittedAt"));
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, read.GetBinary("Hash"));
    }

    [Fact]
    public async Task An_absent_entity_reads_as_null()
    {
        var table = await NewTableAsync();

        Assert.Null(await client.GetAsync(table, "p", "nothing-here", cancellation));
    }

    [Fact]
    public async Task Inserting_existing_keys_is_a_typed_conflict()
    {
        var table = await NewTableAsync();
        await client.InsertAsync(table, new TableEntity("codes", "4820193756") { ["Owner"] = "first" }, cancellation);

        var conflict = await Assert.ThrowsAsync<TableEntityExistsException>(
            () => client.InsertAsync(table, new TableEntity("codes", "4820193756") { ["Owner"] = "second" }, cancellation));

        Assert.Equal(409, conflict.Status);
        Assert.Equal("EntityAlreadyExists", conflict.ErrorCode);
        Assert.Equal("first", (await client.GetAsync(table, "codes", "4820193756", cancellation))!.GetString("Owner"));
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_a_typed_precondition_failure()
    {
        var table = await NewTableAsync();
        var firstETag = await client.InsertAsync(table, new TableEntity("counters", "zanjan") { ["Count"] = 1 }, cancellation);
        var secondETag = await client.UpdateAsync(
            table, new TableEntity("counters", "zanjan") { ["Count"] = 2 }, firstETag, TableUpdateMode.Replace, cancellation);

        var stale = await Assert.ThrowsAsync<TableETagMismatchException>(() => client.UpdateAsync(
            table, new TableEntity("counters", "zanjan") { ["Count"] = 99 }, firstETag, TableUpdateMode.Merge, cancellation));

        Assert.Equal(412, stale.Status);
        Assert.NotEqual(firstETag, secondETag);
        var read = await client.GetAsync(table, "counters", "zanjan", cancellation);
        Assert.Equal(2, read!.GetInt32("Count"));
        Assert.Equal(secondETag, read.ETag);
    }

    [Fact]
    public async Task Upsert_replace_drops_unsent_properties_and_merge_keeps_them()
    {
        var table = await NewTableAsync();
        await client.UpsertAsync(table, new TableEntity("p", "r") { ["Kept"] = "yes", ["Status"] = "new" }, TableUpdateMode.Merge, cancellation);

        await client.UpsertAsync(table, new TableEntity("p", "r") { ["Status"] = "routed" }, TableUpdateMode.Merge, cancellation);
        var merged = await client.GetAsync(table, "p", "r", cancellation);
        await client.UpsertAsync(table, new TableEntity("p", "r") { ["Status"] = "closed" }, TableUpdateMode.Replace, cancellation);
        var replaced = await client.GetAsync(table, "p", "r", cancellation);

        Assert.Equal("yes", merged!.GetString("Kept"));
        Assert.Equal("routed", merged.GetString("Status"));
        Assert.Null(replaced!.GetString("Kept"));
        Assert.Equal("closed", replaced.GetString("Status"));
    }

    [Fact]
    public async Task Delete_removes_and_reports_whether_there_was_anything()
    {
        var table = await NewTableAsync();
        var etag = await client.InsertAsync(table, new TableEntity("p", "r"), cancellation);
        await client.UpsertAsync(table, new TableEntity("p", "r") { ["Changed"] = true }, TableUpdateMode.Merge, cancellation);

        await Assert.ThrowsAsync<TableETagMismatchException>(() => client.DeleteAsync(table, "p", "r", etag, cancellation));
        Assert.True(await client.DeleteAsync(table, "p", "r", ETag.All, cancellation));
        Assert.False(await client.DeleteAsync(table, "p", "r", ETag.All, cancellation));
        Assert.Null(await client.GetAsync(table, "p", "r", cancellation));
    }

    [Fact]
    public async Task A_query_filters_and_returns_only_selected_properties()
    {
        var table = await NewTableAsync();
        for (var index = 0; index < 6; index++)
        {
            await client.InsertAsync(
                table,
                new TableEntity(index % 2 == 0 ? "even" : "odd", $"row{index}") { ["Index"] = index, ["Note"] = $"note {index}" },
                cancellation);
        }

        var page = await client.QueryAsync(
            table,
            new TableQuery(TableFilter.Equal("PartitionKey", "even").And(TableFilter.GreaterThan("Index", 0)), Select: ["Index"]),
            continuationToken: null,
            cancellation);

        Assert.Equal(["row2", "row4"], page.Entities.Select(entity => entity.RowKey));
        Assert.All(page.Entities, entity => Assert.Equal(["Index"], entity.Properties.Keys));
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Pages_follow_continuation_tokens_to_the_last_one()
    {
        var table = await NewTableAsync();
        for (var index = 0; index < 25; index++)
            await client.InsertAsync(table, new TableEntity("p", $"row{index:D2}"), cancellation);
        var query = new TableQuery(Top: 10);

        var first = await client.QueryAsync(table, query, null, cancellation);
        var second = await client.QueryAsync(table, query, first.ContinuationToken, cancellation);
        var third = await client.QueryAsync(table, query, second.ContinuationToken, cancellation);
        var all = await client.QueryAllAsync(table, query, cancellation).ToListAsync();

        Assert.Equal([10, 10, 5], [first.Entities.Count, second.Entities.Count, third.Entities.Count]);
        Assert.NotNull(first.ContinuationToken);
        Assert.NotNull(second.ContinuationToken);
        Assert.Null(third.ContinuationToken);
        Assert.Equal(
            Enumerable.Range(0, 25).Select(index => $"row{index:D2}"),
            first.Entities.Concat(second.Entities).Concat(third.Entities).Select(entity => entity.RowKey));
        Assert.Equal(25, all.Count);
    }

    [Fact]
    public async Task A_quote_in_a_filter_value_matches_literally_and_cannot_widen_the_query()
    {
        var table = await NewTableAsync();
        await client.InsertAsync(table, new TableEntity("p", "a") { ["Name"] = "O'Reilly" }, cancellation);
        await client.InsertAsync(table, new TableEntity("p", "b") { ["Name"] = "Other" }, cancellation);

        var exact = await client.QueryAllAsync(table, new TableQuery(TableFilter.Equal("Name", "O'Reilly")), cancellation).ToListAsync();
        var injected = await client.QueryAllAsync(
            table, new TableQuery(TableFilter.Equal("Name", "x' or Name ne 'x")), cancellation).ToListAsync();

        Assert.Equal("a", Assert.Single(exact).RowKey);
        Assert.Empty(injected);
    }

    [Fact]
    public async Task Keys_with_quotes_and_persian_text_address_their_entity()
    {
        var table = await NewTableAsync();
        await client.InsertAsync(table, new TableEntity("استان زنجان", "O'Reilly & sons 50%") { ["Ok"] = true }, cancellation);

        var read = await client.GetAsync(table, "استان زنجان", "O'Reilly & sons 50%", cancellation);

        Assert.True(read!.GetBoolean("Ok"));
    }

    [Fact]
    public async Task Invalid_keys_and_names_are_refused_before_any_request()
    {
        // Nothing listens there: a request would fail differently (and slowly, with retries).
        var unreachable = new TableStorageClient(
            StorageConnection.Parse(Azurite.UnreachableConnectionString),
            options: new StorageClientOptions { Retry = { MaxRetries = 0 } });

        await Assert.ThrowsAsync<ArgumentException>(() => unreachable.GetAsync("feedback", "a/b", "r", cancellation));
        await Assert.ThrowsAsync<ArgumentException>(() => unreachable.DeleteAsync("feedback", "p", "r#1", ETag.All, cancellation));
        await Assert.ThrowsAsync<ArgumentException>(() => unreachable.CreateTableIfNotExistsAsync("no-hyphens", cancellation));
        await Assert.ThrowsAsync<ArgumentException>(() => unreachable.QueryAsync(
            "feedback", new TableQuery(Select: ["Bad Name"]), null, cancellation));
    }

    [Fact]
    public async Task Service_errors_carry_status_and_error_code()
    {
        var failure = await Assert.ThrowsAsync<RequestFailedException>(
            () => client.InsertAsync(TestNames.Table(), new TableEntity("p", "r"), cancellation));

        Assert.Equal(404, failure.Status);
        Assert.Equal("TableNotFound", failure.ErrorCode);
    }

    private async Task<string> NewTableAsync()
    {
        var table = TestNames.Table();
        await client.CreateTableIfNotExistsAsync(table, cancellation);
        return table;
    }
}
