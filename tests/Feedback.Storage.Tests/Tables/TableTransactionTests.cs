using Azure;
using Feedback.Storage.Auth;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Tables;

[Collection(Azurite.Collection)]
public class TableTransactionTests(Azurite azurite)
{
    private readonly TableStorageClient client = new(StorageConnection.Parse(azurite.ConnectionString));
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task A_transaction_applies_upserts_merges_and_deletes_together()
    {
        var table = await NewTableAsync();
        await client.InsertAsync(table, new TableEntity("زنجان|آب", "old") { ["Text"] = "حذف می‌شود" }, cancellation);
        await client.InsertAsync(table, new TableEntity("زنجان|آب", "kept") { ["Text"] = "قبلی", ["Rating"] = 2 }, cancellation);

        await client.SubmitTransactionAsync(table,
        [
            TableTransactionAction.Upsert(new TableEntity("زنجان|آب", "new") { ["Text"] = "آب محله قطع است «فوری»" }),
            TableTransactionAction.Upsert(new TableEntity("زنجان|آب", "kept") { ["Rating"] = 5 }, TableUpdateMode.Merge),
            TableTransactionAction.Delete("زنجان|آب", "old", ETag.All),
        ], cancellation);

        Assert.Equal("آب محله قطع است «فوری»", (await client.GetAsync(table, "زنجان|آب", "new", cancellation))?.GetString("Text"));
        var kept = await client.GetAsync(table, "زنجان|آب", "kept", cancellation);
        Assert.Equal("قبلی", kept?.GetString("Text"));
        Assert.Equal(5, kept?.GetInt32("Rating"));
        Assert.Null(await client.GetAsync(table, "زنجان|آب", "old", cancellation));
    }

    [Fact]
    public async Task A_refused_action_writes_nothing_and_is_named()
    {
        var table = await NewTableAsync();

        var refused = await Assert.ThrowsAsync<TableTransactionFailedException>(() => client.SubmitTransactionAsync(table,
        [
            TableTransactionAction.Upsert(new TableEntity("p", "a") { ["N"] = 1 }),
            TableTransactionAction.Delete("p", "missing", ETag.All),
        ], cancellation));

        Assert.Equal(404, refused.Status);
        Assert.Equal(1, refused.FailedActionIndex);
        Assert.Null(await client.GetAsync(table, "p", "a", cancellation));
    }

    [Fact]
    public async Task An_insert_of_a_row_that_exists_refuses_the_transaction_and_is_named()
    {
        var table = await NewTableAsync();
        await client.InsertAsync(table, new TableEntity("p", "taken") { ["N"] = 1 }, cancellation);

        var refused = await Assert.ThrowsAsync<TableTransactionFailedException>(() => client.SubmitTransactionAsync(table,
        [
            TableTransactionAction.Insert(new TableEntity("p", "fresh") { ["N"] = 2 }),
            TableTransactionAction.Insert(new TableEntity("p", "taken") { ["N"] = 3 }),
        ], cancellation));
        await client.SubmitTransactionAsync(table, [TableTransactionAction.Insert(new TableEntity("p", "fresh") { ["N"] = 4 })], cancellation);

        Assert.Equal(409, refused.Status);
        Assert.Equal(1, refused.FailedActionIndex);
        Assert.Equal(1, (await client.GetAsync(table, "p", "taken", cancellation))?.GetInt32("N"));
        Assert.Equal(4, (await client.GetAsync(table, "p", "fresh", cancellation))?.GetInt32("N"));
    }

    [Fact]
    public async Task A_full_transaction_of_a_hundred_rows_is_one_request()
    {
        var table = await NewTableAsync();
        var actions = Enumerable.Range(0, TableStorageClient.MaxTransactionActions)
            .Select(row => TableTransactionAction.Upsert(new TableEntity("p", $"{row:D3}") { ["N"] = row }))
            .ToArray();

        await client.SubmitTransactionAsync(table, actions, cancellation);

        var stored = await client.QueryAllAsync(table, new TableQuery(), cancellation).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 100), stored.Select(entity => entity.GetInt32("N") ?? -1).Order());
    }

    [Theory]
    [InlineData("two partitions")]
    [InlineData("one row twice")]
    [InlineData("none")]
    [InlineData("too many")]
    public async Task A_transaction_the_service_would_refuse_is_refused_before_sending(string shape)
    {
        TableTransactionAction[] actions = shape switch
        {
            "two partitions" => [TableTransactionAction.Upsert(new TableEntity("p", "a")), TableTransactionAction.Upsert(new TableEntity("q", "b"))],
            "one row twice" => [TableTransactionAction.Upsert(new TableEntity("p", "a")), TableTransactionAction.Delete("p", "a", ETag.All)],
            "none" => [],
            _ => Enumerable.Range(0, 101).Select(row => TableTransactionAction.Upsert(new TableEntity("p", $"{row}"))).ToArray(),
        };

        await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitTransactionAsync("Unused", actions, cancellation));
    }

    private async Task<string> NewTableAsync()
    {
        var table = TestNames.Table();
        await client.CreateTableIfNotExistsAsync(table, cancellation);
        return table;
    }
}
