using Feedback.Core.Items;
using Feedback.Core.Trends;

namespace Feedback.Storage.Trends;

/// <summary>
/// The drill-down's view of the items <see cref="TableTrendCounters"/> lists in a province's day (with their trend
/// markers, PK "province|yyyyMMdd|nn" per slice of the day by receipt time): one day's listing, all its partitions in one query,
/// narrowed by the filter on the service's side.
/// </summary>
public sealed class TableTrendItemIndex(TableTrendCounters counters) : ITrendItemIndex
{
    public async Task<IReadOnlyList<TrendIndexEntry>> ReadDayAsync(string province, DateOnly day, TrendFilter filter, CancellationToken cancellationToken)
    {
        var listed = await counters.ReadListingAsync(province, day, filter, columns: null, cancellationToken);
        return [.. listed.Select(entry => new TrendIndexEntry(
            TrackingCode.FromStored(entry.TrackingCode),
            entry.Row.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue,
            TableTrendCounters.CellOf(entry.Row),
            entry.Row.GetBoolean("NeedsReview") ?? false))];
    }
}
