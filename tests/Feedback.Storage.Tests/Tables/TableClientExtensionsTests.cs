using Azure;
using Azure.Data.Tables;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Tables;

/// <summary>The answers of Azure.Data.Tables the stores act on, against a real Azurite.</summary>
[Collection(Azurite.Collection)]
public sealed class TableClientExtensionsTests(Azurite azurite)
{
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task A_row_of_every_type_the_stores_write_reads_back_as_written()
    {
        var table = await NewTableAsync();
        var submitted = new DateTimeOffset(2025, 3, 21, 8, 15, 30, TimeSpan.Zero).AddTicks(1234567);
        await table.AddEntityAsync(new TableEntity("zanjan|water", "1404-01-01")
        {
            ["Text"] = "آب منطقه‌ی ما از دیروز قطع است «فوری»",
            ["Rating"] = 4,
            ["Count"] = 5_000_000_000L,
            ["Urgent"] = true,
            ["SubmittedAt"] = submitted,
        }, cancellation);

        var read = await table.GetOrNullAsync("zanjan|water", "1404-01-01", cancellation);

        Assert.NotNull(read);
        Assert.Equal("آب منطقه‌ی ما از دیروز قطع است «فوری»", read.GetString("Text"));
        Assert.Equal(4, read.GetInt32("Rating"));
        Assert.Equal(5_000_000_000L, read.GetInt64("Count"));
        Assert.True(read.GetBoolean("Urgent"));
        Assert.Equal(submitted, read.GetDateTimeOffset("SubmittedAt"));
        Assert.NotEqual(default, read.ETag);
    }

    [Fact]
    public async Task An_absent_row_reads_as_null()
    {
        var table = await NewTableAsync();

        Assert.Null(await table.GetOrNullAsync("p", "nothing", cancellation));
    }

    [Fact]
    public async Task A_second_insert_of_the_same_keys_is_refused_and_keeps_the_first()
    {
        var table = await NewTableAsync();

        Assert.True(await table.TryAddAsync(new TableEntity("p", "r") { ["Who"] = "first" }, cancellation));
        Assert.False(await table.TryAddAsync(new TableEntity("p", "r") { ["Who"] = "second" }, cancellation));

        Assert.Equal("first", (await table.GetOrNullAsync("p", "r", cancellation))?.GetString("Who"));
    }

    [Fact]
    public async Task A_replace_from_a_stale_version_is_refused_and_a_current_one_returns_the_new_version()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Step"] = 1 }, cancellation);
        var read = await table.GetOrNullAsync("p", "r", cancellation);

        var second = await table.TryReplaceAsync(new TableEntity("p", "r") { ["Step"] = 2 }, read!.ETag.ToString(), cancellation);
        var stale = await table.TryReplaceAsync(new TableEntity("p", "r") { ["Step"] = 3 }, read.ETag.ToString(), cancellation);

        Assert.NotNull(second);
        Assert.Null(stale);
        var now = await table.GetOrNullAsync("p", "r", cancellation);
        Assert.Equal(2, now?.GetInt32("Step"));
        Assert.Equal(second, now?.ETag.ToString());
    }

    [Fact]
    public async Task A_replace_of_a_row_that_is_gone_is_refused()
    {
        var table = await NewTableAsync();

        Assert.Null(await table.TryReplaceAsync(new TableEntity("p", "gone"), "W/\"datetime'2025-01-01T00%3A00%3A00Z'\"", cancellation));
    }

    [Fact]
    public async Task A_missing_table_is_told_apart_from_other_failures()
    {
        var missing = StorageClients.FromConnectionString(azurite.ConnectionString).Tables.GetTableClient(TestNames.Table());

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => missing.QueryAsync<TableEntity>(cancellationToken: cancellation).ToListAsync().AsTask());

        Assert.True(failure.IsTableNotFound());
    }

    private async Task<TableClient> NewTableAsync()
    {
        var table = StorageClients.FromConnectionString(azurite.ConnectionString).Tables.GetTableClient(TestNames.Table());
        await table.CreateIfNotExistsAsync(cancellation);
        return table;
    }
}
