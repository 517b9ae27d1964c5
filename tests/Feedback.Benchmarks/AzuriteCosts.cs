using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;

namespace Feedback.Benchmarks;

/// <summary>
/// What one table request costs Azurite as a table grows (azurite-costs.sh starts the Azurite and runs this). One
/// partition is filled step by step to each size; at each step 300 rounds, one request at a time, of: a point read and a
/// merge of a random row of that partition, a point read in a 10-row partition of the same table, and a query of that
/// 10-row partition with a property filter (the shape of the survey look-up).
/// </summary>
internal static class AzuriteCosts
{
    private const int Rounds = 300;

    public static async Task RunAsync(string connectionString, IReadOnlyList<int> sizes)
    {
        var table = new TableServiceClient(connectionString).GetTableClient($"Costs{Guid.NewGuid():N}"[..13]);
        await table.CreateIfNotExistsAsync();
        await table.SubmitTransactionAsync(Enumerable.Range(0, 10).Select(row => Upsert("small", row)));
        var random = new Random(1);
        var stored = 0;
        foreach (var size in sizes)
        {
            while (stored < size)
            {
                var count = Math.Min(100, size - stored);
                await table.SubmitTransactionAsync(Enumerable.Range(stored, count).Select(row => Upsert("big", row)));
                stored += count;
            }
            var (read, merge, smallRead, query) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            for (var round = 0; round < Rounds; round++)
            {
                var row = RowKey(random.Next(stored));
                read.Add(await TimeAsync(() => table.GetEntityAsync<TableEntity>("big", row)));
                merge.Add(await TimeAsync(() => table.UpsertEntityAsync(new TableEntity("big", row) { ["Round"] = round }, TableUpdateMode.Merge)));
                smallRead.Add(await TimeAsync(() => table.GetEntityAsync<TableEntity>("small", RowKey(round % 10))));
                query.Add(await TimeAsync(async () =>
                {
                    await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"small"} and SentAt ge {DateTimeOffset.UtcNow.AddDays(-7)}")))
                    {
                    }
                }));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{stored,7} rows in the partition: point read {Median(read),5:F1} ms, merge {Median(merge),5:F1} ms | in a 10-row partition: point read {Median(smallRead),5:F1} ms, query {Median(query),5:F1} ms (medians of {Rounds})"));
        }
        await table.DeleteAsync();
    }

    private static TableTransactionAction Upsert(string partition, int row) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, RowKey(row)) { ["SentAt"] = DateTimeOffset.UtcNow, ["Text"] = new string('x', 200) });

    private static string RowKey(int row) => row.ToString("D9", CultureInfo.InvariantCulture);

    private static async Task<double> TimeAsync(Func<Task> request)
    {
        var clock = Stopwatch.StartNew();
        await request();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
