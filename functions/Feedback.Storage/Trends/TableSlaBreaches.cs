using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Feedback.Core.Trends;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Trends;

/// <summary>
/// Reads the SLA timer's table <c>SlaBreaches</c>: PK province, RK "{inverted flag ticks D19}|{tracking code}|{kind}"
/// (newest first), properties AgencyKey, Kind ("acknowledge" or "resolve"), DueAt, FlaggedAt and Topic. A period is
/// one range of row keys. The table is written elsewhere and may not exist yet: then there are no breaches.
/// </summary>
public sealed class TableSlaBreaches(TableServiceClient tables) : ISlaBreachReader
{
    /// <summary>Owned by the SLA timer; read only here.</summary>
    internal const string SlaBreachesTable = "SlaBreaches";

    public async Task<IReadOnlyList<SlaBreach>> ReadAsync(string province, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // Inverted ticks: flagged at or after `since` and before `until` ⇔ inverted(until) < inverted ≤ inverted(since).
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {province} and RowKey ge {InvertedTicks(until, 1)} and RowKey lt {InvertedTicks(since, 1)}");
        var breaches = new List<SlaBreach>();
        try
        {
            await foreach (var row in tables.GetTableClient(SlaBreachesTable).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                if (BreachOf(row) is { } breach)
                    breaches.Add(breach);
            }
        }
        catch (RequestFailedException missing) when (missing.IsTableNotFound())
        {
            return [];
        }
        return breaches;
    }

    private static string InvertedTicks(DateTimeOffset instant, long plus) =>
        (DateTimeOffset.MaxValue.Ticks - instant.UtcTicks + plus).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The breach a row records; null for a row that does not have the documented shape.</summary>
    private static SlaBreach? BreachOf(TableEntity row)
    {
        var key = row.RowKey.Split('|');
        if (key.Length != 3 || !long.TryParse(key[0], NumberStyles.None, CultureInfo.InvariantCulture, out var inverted))
            return null;
        var flaggedAt = row.GetDateTimeOffset("FlaggedAt") ?? new DateTimeOffset(DateTimeOffset.MaxValue.Ticks - inverted, TimeSpan.Zero);
        return new SlaBreach(
            key[1],
            row.GetString("AgencyKey") ?? string.Empty,
            row.GetString("Kind") ?? key[2],
            row.GetString("Topic"),
            row.GetDateTimeOffset("DueAt") ?? flaggedAt,
            flaggedAt);
    }
}
