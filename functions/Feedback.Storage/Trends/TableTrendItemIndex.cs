using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Trends;
using Feedback.Storage.Items;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Trends;

/// <summary>
/// The drill-down's view of <see cref="TableFeedbackStore"/>'s <c>ProvinceDays</c> index (PK "province|yyyyMMdd",
/// RK tracking code, one row per routed item): one day's rows, narrowed by the filter on the service's side.
/// </summary>
public sealed class TableTrendItemIndex(TableServiceClient tables) : ITrendItemIndex
{
    private readonly TableClient provinceDays = tables.GetTableClient(TableFeedbackStore.ProvinceDaysTable);

    public async Task<IReadOnlyList<TrendIndexEntry>> ReadDayAsync(string province, DateOnly day, TrendFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {TableTrendCounters.PartitionKey(province, day)}");
        foreach (var (property, value) in (ReadOnlySpan<(string, string?)>)[("Topic", filter.Topic), ("Sentiment", filter.Sentiment), ("AgencyKey", filter.AgencyKey), ("County", filter.County)])
        {
            if (value is not null)
                query += $" and {property} eq {TableClient.CreateQueryFilter($"{value}")}";
        }
        var entries = new List<TrendIndexEntry>();
        await foreach (var row in provinceDays.QueryAsync<TableEntity>(query, cancellationToken: cancellationToken))
        {
            entries.Add(new TrendIndexEntry(
                TrackingCode.FromStored(row.RowKey),
                row.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue,
                new TrendCell(row.GetString("Topic") ?? string.Empty, row.GetString("Sentiment") ?? string.Empty, row.GetString("AgencyKey") ?? string.Empty, row.GetString("County"), row.GetInt32("Rating"), Enum.TryParse<ItemKind>(row.GetString(TableFeedbackStore.KindColumn), out var kind) ? kind : ItemKind.Case,
                    row.GetBoolean(ResolutionColumns.Resolved) ?? false, row.GetInt32(ResolutionColumns.ResolutionRating), row.GetBoolean(ResolutionColumns.Reopened) ?? false),
                row.GetBoolean("NeedsReview") ?? false));
        }
        return entries;
    }
}
