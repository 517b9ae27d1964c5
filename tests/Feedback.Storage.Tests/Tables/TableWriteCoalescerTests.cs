using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Tables;

[Collection(Azurite.Collection)]
public class TableWriteCoalescerTests(Azurite azurite)
{
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task Concurrent_writes_to_one_partition_are_all_stored_in_fewer_requests()
    {
        var (table, requests) = await NewCountedTableAsync();
        var coalescer = new TableWriteCoalescer();
        requests.Reset();

        await Task.WhenAll(Enumerable.Range(0, 300).Select(row => Task.Run(() => coalescer.UpsertAsync(table, new TableEntity("زنجان|آب", $"{row:D3}") { ["Row"] = row }))));

        var stored = await table.QueryAsync<TableEntity>(cancellationToken: cancellation).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 300), stored.Select(entity => entity.GetInt32("Row") ?? -1).Order());
        Assert.True(requests.Count < 300 - 1, $"{requests.Count} requests for 300 writes");
    }

    [Fact]
    public async Task Concurrent_inserts_if_absent_are_batched_and_keep_the_rows_already_there()
    {
        var (table, requests) = await NewCountedTableAsync();
        var coalescer = new TableWriteCoalescer();
        await table.AddEntityAsync(new TableEntity("p", "050") { ["Row"] = -1 }, cancellation);
        requests.Reset();

        await Task.WhenAll(Enumerable.Range(0, 100).Select(row => Task.Run(() => coalescer.InsertIfAbsentAsync(table, new TableEntity("p", $"{row:D3}") { ["Row"] = row }))));

        var stored = await table.QueryAsync<TableEntity>(cancellationToken: cancellation).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 100).Select(row => row == 50 ? -1 : row), stored.Select(entity => entity.GetInt32("Row") ?? -2));
        Assert.True(requests.Count < 100 - 1, $"{requests.Count} requests for 100 inserts");
    }

    [Fact]
    public async Task Concurrent_inserts_if_absent_of_new_rows_cost_a_fraction_of_a_request_each()
    {
        var (table, requests) = await NewCountedTableAsync();
        var coalescer = new TableWriteCoalescer();
        requests.Reset();

        await Task.WhenAll(Enumerable.Range(0, 300).Select(row => Task.Run(() => coalescer.InsertIfAbsentAsync(table, new TableEntity("p", $"{row:D3}")))));

        Assert.Equal(300, (await table.QueryAsync<TableEntity>(cancellationToken: cancellation).ToListAsync()).Count);
        Assert.True(requests.Count < 300 / 2, $"{requests.Count} requests for 300 inserts");
    }

    [Fact]
    public async Task A_delete_of_a_missing_row_fails_neither_itself_nor_the_writes_batched_with_it()
    {
        var table = await NewTableAsync();
        var coalescer = new TableWriteCoalescer();
        await table.AddEntityAsync(new TableEntity("p", "present"), cancellation);

        var writes = Enumerable.Range(0, 50).Select(row => coalescer.UpsertAsync(table, new TableEntity("p", $"new{row:D2}")))
            .Append(coalescer.DeleteAsync(table, "p", "missing"))
            .Append(coalescer.DeleteAsync(table, "p", "present"))
            .ToArray();
        await Task.WhenAll(writes);

        var stored = await table.QueryAsync<TableEntity>(cancellationToken: cancellation).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 50).Select(row => $"new{row:D2}"), stored.Select(entity => entity.RowKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Writes_to_one_row_are_applied_in_the_order_they_were_made()
    {
        var table = await NewTableAsync();
        var coalescer = new TableWriteCoalescer();

        var writes = Enumerable.Range(1, 40).Select(version => coalescer.UpsertAsync(table, new TableEntity("p", "row") { ["Version"] = version })).ToArray();
        await Task.WhenAll(writes);

        Assert.Equal(40, (await table.GetOrNullAsync("p", "row", cancellation))?.GetInt32("Version"));
    }

    [Fact]
    public async Task A_storage_outage_fails_the_writes_that_waited_for_it()
    {
        var unreachable = new TableClientOptions();
        unreachable.Retry.MaxRetries = 0;
        var table = StorageClients.FromConnectionString(Azurite.UnreachableConnectionString, unreachable).Tables.GetTableClient("Anything");
        var coalescer = new TableWriteCoalescer();

        var writes = Enumerable.Range(0, 5).Select(row => coalescer.UpsertAsync(table, new TableEntity("p", $"{row}"))).ToArray();

        foreach (var write in writes)
            await Assert.ThrowsAnyAsync<Exception>(() => write);
    }

    /// <summary>A new table whose client counts the requests it makes.</summary>
    private async Task<(TableClient Table, RequestCounter Requests)> NewCountedTableAsync()
    {
        var requests = new RequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        return (await NewTableAsync(options), requests);
    }

    private async Task<TableClient> NewTableAsync(TableClientOptions? options = null)
    {
        var table = StorageClients.FromConnectionString(azurite.ConnectionString, options).Tables.GetTableClient(TestNames.Table());
        await table.CreateIfNotExistsAsync(cancellation);
        return table;
    }

    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void Reset() => Volatile.Write(ref count, 0);

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref count);
    }
}
