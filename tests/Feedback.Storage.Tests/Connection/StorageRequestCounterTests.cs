using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Feedback.Storage.Connection;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Connection;

[Collection(Azurite.Collection)]
public class StorageRequestCounterTests(Azurite azurite)
{
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task Each_table_request_is_counted_once_by_its_kind()
    {
        var counter = new StorageRequestCounter();
        var table = Clients(counter, azurite.ConnectionString).Tables.GetTableClient(TestNames.Table());

        await table.CreateIfNotExistsAsync(cancellation);
        await table.AddEntityAsync(new TableEntity("p", "a"), cancellation);
        await table.UpsertEntityAsync(new TableEntity("p", "a") { ["N"] = 1 }, TableUpdateMode.Replace, cancellation);
        await table.UpdateEntityAsync(new TableEntity("p", "a") { ["M"] = 2 }, Azure.ETag.All, TableUpdateMode.Merge, cancellation);
        await table.GetEntityIfExistsAsync<TableEntity>("p", "a", cancellationToken: cancellation);
        await table.QueryAsync<TableEntity>(entity => entity.PartitionKey == "p", cancellationToken: cancellation).ToListAsync();
        await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", "b")), new(TableTransactionActionType.Add, new TableEntity("p", "c"))], cancellation);
        await table.DeleteEntityAsync("p", "a", cancellationToken: cancellation);

        var counts = counter.Snapshot();
        Assert.Equal(
            new Dictionary<string, long> { ["table"] = 1, ["insert"] = 1, ["upsert"] = 1, ["merge"] = 1, ["point-read"] = 1, ["query"] = 1, ["batch"] = 1, ["delete"] = 1 },
            counts.Tables.ByKind.OrderBy(kind => kind.Key, StringComparer.Ordinal).ToDictionary());
        Assert.Equal(0, counts.Queues.Total);
    }

    [Fact]
    public async Task Table_requests_are_counted_by_table_and_kind_and_a_refused_one_with_its_status()
    {
        var counter = new StorageRequestCounter();
        var name = TestNames.Table();
        var table = Clients(counter, azurite.ConnectionString).Tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync(cancellation);

        await table.AddEntityAsync(new TableEntity("p", "a"), cancellation);
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "a"), cancellation));
        await table.GetEntityIfExistsAsync<TableEntity>("p", "a", cancellationToken: cancellation);

        var byTableAndKind = counter.Snapshot().Tables.ByTableAndKind;
        Assert.Equal(1, byTableAndKind[$"{name} insert"]);
        Assert.Equal(1, byTableAndKind[$"{name} insert 409"]);
        Assert.Equal(1, byTableAndKind[$"{name} point-read"]);
    }

    [Fact]
    public async Task Requests_are_counted_by_the_step_they_were_made_for_and_a_transaction_by_its_table_and_partition_kind()
    {
        var counter = new StorageRequestCounter();
        var name = TestNames.Table();
        var clients = Clients(counter, azurite.ConnectionString);
        var table = clients.Tables.GetTableClient(name);
        var queue = clients.Queues.GetQueueClient(TestNames.Queue());
        await table.CreateIfNotExistsAsync(cancellation);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellation);

        using (StorageCaller.ForStep("intake"))
        {
            await table.AddEntityAsync(new TableEntity("p", "a"), cancellation);
            await queue.SendMessageAsync("one", cancellation);
            using (StorageCaller.ForTransaction(name, "shard"))
                await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", "b")), new(TableTransactionActionType.Add, new TableEntity("p", "c"))], cancellation);
            using (StorageCaller.Within("redelivery"))
                await Assert.ThrowsAsync<Azure.RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "a"), cancellation));
        }
        await table.SubmitTransactionAsync([new(TableTransactionActionType.Delete, new TableEntity("p", "b"))], cancellation);

        var counts = counter.Snapshot();
        Assert.Equal(
            new Dictionary<string, long>
            {
                [$"{name} insert @intake"] = 1,
                [$"{name}(shard) batch @intake"] = 1,
                [$"{name} insert 409 @intake redelivery"] = 1,
                ["$batch batch @-"] = 1,
                ["Tables table @-"] = 1,
            },
            counts.Tables.ByCaller.OrderBy(kind => kind.Key, StringComparer.Ordinal).ToDictionary());
        Assert.Equal(1, counts.Queues.ByCaller[$"{queue.Name} send @intake"]);
        Assert.Null(StorageCaller.Step);
    }

    [Fact]
    public async Task Queue_requests_are_counted_by_kind_and_an_empty_receive_apart()
    {
        var counter = new StorageRequestCounter();
        var queue = Clients(counter, azurite.ConnectionString).Queues.GetQueueClient(TestNames.Queue());

        await queue.CreateIfNotExistsAsync(cancellationToken: cancellation);
        await queue.SendMessageAsync("one", cancellation);
        var received = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30), cancellation)).Value.Single();
        var update = await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, (string?)null, TimeSpan.Zero, cancellation);
        await queue.PeekMessagesAsync(1, cancellation);
        await queue.DeleteMessageAsync(received.MessageId, update.Value.PopReceipt, cancellation);
        await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30), cancellation);

        Assert.Equal(
            new Dictionary<string, long> { ["queue"] = 1, ["send"] = 1, ["receive"] = 1, ["update"] = 1, ["peek"] = 1, ["delete"] = 1, [StorageRequestCounts.EmptyReceive] = 1 },
            counter.Snapshot().Queues.ByKind.OrderBy(kind => kind.Key, StringComparer.Ordinal).ToDictionary());
    }

    [Fact]
    public async Task Every_attempt_of_a_retried_request_is_counted()
    {
        var counter = new StorageRequestCounter();
        var table = Clients(counter, Azurite.UnreachableConnectionString, retries: 2).Tables.GetTableClient("Anything");

        await Assert.ThrowsAnyAsync<Exception>(() => table.AddEntityAsync(new TableEntity("p", "a"), cancellation));

        Assert.Equal(3, counter.Snapshot().Tables.ByKind["insert"]);
    }

    [Fact]
    public void A_later_snapshot_less_an_earlier_one_is_what_was_spent_between()
    {
        var earlier = new StorageRequestCounts(new(new Dictionary<string, long> { ["insert"] = 2 }), new(new Dictionary<string, long> { ["send"] = 1 }));
        var later = new StorageRequestCounts(new(new Dictionary<string, long> { ["insert"] = 5, ["batch"] = 1 }), new(new Dictionary<string, long> { ["send"] = 1 }));

        var spent = later.Since(earlier);

        Assert.Equal(3, spent.Tables.ByKind["insert"]);
        Assert.Equal(1, spent.Tables.ByKind["batch"]);
        Assert.Equal(4, spent.Total);
    }

    [Theory]
    [InlineData("GET", "https://account.table.core.windows.net/FeedbackItems(PartitionKey='1234',RowKey='item')", "point-read")]
    [InlineData("GET", "https://account.table.core.windows.net/FeedbackItems(PartitionKey=%271234%27,RowKey=%27item%27)", "point-read")]
    [InlineData("GET", "https://account.table.core.windows.net/AgencyInbox()?$filter=PartitionKey%20eq%20%27x%27", "query")]
    [InlineData("POST", "https://account.table.core.windows.net/$batch", "batch")]
    [InlineData("POST", "http://127.0.0.1:10002/devstoreaccount1/FeedbackItems", "insert")]
    [InlineData("POST", "http://127.0.0.1:10002/devstoreaccount1/Tables", "table")]
    [InlineData("DELETE", "http://127.0.0.1:10002/devstoreaccount1/IntakePending(PartitionKey='pending',RowKey='1')", "delete")]
    public void A_table_request_is_named_by_its_method_and_address(string method, string address, string kind) =>
        Assert.Equal(kind, StorageRequestCounter.TableKind(RequestMethod.Parse(method), new Uri(address)));

    [Theory]
    [InlineData("https://account.table.core.windows.net/FeedbackItems(PartitionKey='1234',RowKey='item')", "FeedbackItems")]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/DevOutbox(PartitionKey=%27ab%27,RowKey=%27k%27)", "DevOutbox")]
    [InlineData("https://account.table.core.windows.net/AgencyInbox()?$filter=PartitionKey%20eq%20%27x%27", "AgencyInbox")]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/FeedbackItems", "FeedbackItems")]
    [InlineData("https://account.table.core.windows.net/$batch", "$batch")]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/Tables('TrendCounters')", "Tables")]
    public void A_table_request_is_counted_for_the_table_its_address_names(string address, string table) =>
        Assert.Equal(table, StorageRequestCounter.TableName(new Uri(address)));

    [Fact]
    public void What_was_spent_between_two_snapshots_is_known_by_table_too()
    {
        var earlier = new StorageRequestCounts(new(new Dictionary<string, long> { ["upsert"] = 2 }) { ByTable = new Dictionary<string, long> { ["DevOutbox"] = 2 } }, new(new Dictionary<string, long>()));
        var later = new StorageRequestCounts(new(new Dictionary<string, long> { ["upsert"] = 7 }) { ByTable = new Dictionary<string, long> { ["DevOutbox"] = 5, ["PhoneStates"] = 2 } }, new(new Dictionary<string, long>()));

        var spent = later.Since(earlier);

        Assert.Equal(new Dictionary<string, long> { ["DevOutbox"] = 3, ["PhoneStates"] = 2 }, spent.Tables.ByTable);
    }

    private static StorageClients Clients(StorageRequestCounter counter, string connectionString, int retries = 0)
    {
        var tableOptions = new TableClientOptions();
        tableOptions.Retry.MaxRetries = retries;
        tableOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
        tableOptions.AddPolicy(counter.TablePolicy, HttpPipelinePosition.PerRetry);
        var queueOptions = new QueueClientOptions();
        queueOptions.Retry.MaxRetries = retries;
        queueOptions.AddPolicy(counter.QueuePolicy, HttpPipelinePosition.PerRetry);
        return StorageClients.FromConnectionString(connectionString, tableOptions, queueOptions);
    }
}
