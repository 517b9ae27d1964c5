using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Trends;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Agencies;

/// <summary>
/// Table <c>SlaBreaches</c>, the governorate's escalation list: the SLA timer records a breach
/// (<see cref="ISlaBreachLog"/>) and the dashboard reads a period's (<see cref="ISlaBreachReader"/>). PK province,
/// RK "{inverted flag ticks D19}|{tracking code}|{kind}" (newest first, so a period is one range of row keys), with
/// AgencyKey, Kind ("acknowledge" or "resolve"), DueAt, FlaggedAt and Topic. The key comes from the flag's own
/// time, so recording a breach again writes the same row.
/// </summary>
public sealed class TableSlaBreachLog(TableServiceClient tables) : ISlaBreachLog, ISlaBreachReader
{
    public const string BreachesTable = "SlaBreaches";

    private readonly TableClient breaches = tables.GetTableClient(BreachesTable);

    public Task EnsureTableAsync(CancellationToken cancellationToken) => tables.CreateTableIfNotExistsAsync(BreachesTable, cancellationToken);

    public Task RecordAsync(SlaBreachRecord breach, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(breach);
        var kind = SlaFlag.Key(breach.Kind);
        var row = new TableEntity(breach.Province, $"{InvertedTicks(breach.FlaggedAt, 0)}|{breach.TrackingCode.Value}|{kind}")
        {
            ["AgencyKey"] = breach.AgencyKey,
            ["Kind"] = kind,
            ["DueAt"] = breach.DueAt,
            ["FlaggedAt"] = breach.FlaggedAt,
            ["Topic"] = breach.Topic,
        };
        return breaches.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The table may not exist yet (nothing was ever flagged): then there are no breaches.</summary>
    public async Task<IReadOnlyList<SlaBreach>> ReadAsync(string province, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // Inverted ticks: flagged at or after `since` and before `until` ⇔ inverted(until) < inverted ≤ inverted(since).
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {province} and RowKey ge {InvertedTicks(until, 1)} and RowKey lt {InvertedTicks(since, 1)}");
        var rows = await breaches.QueryOrNoneAsync(filter, select: null, cancellationToken);
        return [.. rows.Select(BreachOf).OfType<SlaBreach>()];
    }

    private static string InvertedTicks(DateTimeOffset instant, long plus) =>
        (DateTimeOffset.MaxValue.Ticks - instant.UtcTicks + plus).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The breach a row records; null for a row that does not have the documented shape.</summary>
    private static SlaBreach? BreachOf(TableEntity row)
    {
        var key = row.RowKey.Split('|');
        if (key.Length != 3 || !long.TryParse(key[0], NumberStyles.None, CultureInfo.InvariantCulture, out var inverted) || TrackingCode.FromCanonical(key[1]) is not { } code)
            return null;
        var flaggedAt = row.GetDateTimeOffset("FlaggedAt") ?? new DateTimeOffset(DateTimeOffset.MaxValue.Ticks - inverted, TimeSpan.Zero);
        return new SlaBreach(
            code,
            row.GetString("AgencyKey") ?? string.Empty,
            row.GetString("Kind") ?? key[2],
            row.GetString("Topic"),
            row.GetDateTimeOffset("DueAt") ?? flaggedAt,
            flaggedAt);
    }
}
