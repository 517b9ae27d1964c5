using Azure;
using Azure.Data.Tables;
using Feedback.Core.Scorecard;
using Feedback.Storage.Items;
using Feedback.Storage.Tables;
using Feedback.Storage.Trends;

namespace Feedback.Storage.Scorecard;

/// <summary>
/// The scorecard's entries from <see cref="TableFeedbackStore"/>'s <c>ProvinceDays</c> index (PK "province|yyyyMMdd"):
/// one query per province and day, asking only for <see cref="ScorecardColumns.Selected"/>. A month of one province
/// is about 30 requests (more where a day has over 1,000 items: the service pages them).
/// </summary>
public sealed class TableScorecardSource(TableServiceClient tables) : IScorecardSource
{
    private const int ReadParallelism = 16;

    private readonly TableClient provinceDays = tables.GetTableClient(TableFeedbackStore.ProvinceDaysTable);

    public async Task<IReadOnlyList<ScorecardEntry>> ReadAsync(IReadOnlyList<string> provinces, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provinces);
        var partitions = provinces.SelectMany(province => Enumerable.Range(0, Math.Max(0, lastDay.DayNumber - firstDay.DayNumber + 1)).Select(offset => (Province: province, Day: firstDay.AddDays(offset)))).ToArray();
        var perPartition = new List<ScorecardEntry>[partitions.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, partitions.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (index, token) => perPartition[index] = await ReadDayAsync(partitions[index].Province, partitions[index].Day, token));
        return [.. perPartition.SelectMany(entries => entries)];
    }

    private async Task<List<ScorecardEntry>> ReadDayAsync(string province, DateOnly day, CancellationToken cancellationToken)
    {
        var partition = TableTrendCounters.PartitionKey(province, day);
        var entries = new List<ScorecardEntry>();
        try
        {
            await foreach (var row in provinceDays.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ScorecardColumns.Selected, cancellationToken: cancellationToken))
                entries.Add(ScorecardColumns.EntryOf(row, province, day));
        }
        catch (RequestFailedException missing) when (missing.IsTableNotFound())
        {
            // Nothing was ever indexed.
        }
        return entries;
    }
}
