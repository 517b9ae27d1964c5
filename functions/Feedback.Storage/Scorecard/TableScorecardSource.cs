using Feedback.Core.Scorecard;
using Feedback.Core.Trends;
using Feedback.Storage.Trends;

namespace Feedback.Storage.Scorecard;

/// <summary>
/// The scorecard's entries from the items <see cref="TableTrendCounters"/> lists in each province's day (the
/// partitions "province|yyyyMMdd|nn" of its slices by receipt time and, for a day begun before them,
/// "province|yyyyMMdd", in one query), asking only for <see cref="ScorecardColumns.Selected"/>: a month of one province is about 60 requests
/// (each day's markers, and its rows written before the listing moved to them; more where a day has over 1,000
/// items: the service pages them; in Azure a page also ends at each partition's end, up to 17 a day).
/// </summary>
public sealed class TableScorecardSource(TableTrendCounters counters) : IScorecardSource
{
    private const int ReadParallelism = 16;

    public async Task<IReadOnlyList<ScorecardEntry>> ReadAsync(IReadOnlyList<string> provinces, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provinces);
        var partitions = provinces.SelectMany(province => Enumerable.Range(0, Math.Max(0, lastDay.DayNumber - firstDay.DayNumber + 1)).Select(offset => (Province: province, Day: firstDay.AddDays(offset)))).ToArray();
        var perPartition = new ScorecardEntry[partitions.Length][];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, partitions.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var (province, day) = partitions[index];
                var listed = await counters.ReadListingAsync(province, day, TrendFilter.None, ScorecardColumns.Selected, token);
                perPartition[index] = [.. listed.Select(entry => ScorecardColumns.EntryOf(entry.Row, province, day))];
            });
        return [.. perPartition.SelectMany(entries => entries)];
    }
}
