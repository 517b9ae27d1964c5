using System.Globalization;
using Azure.Data.Tables;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Agencies;

/// <summary>
/// <see cref="ISlaBreachLog"/> on table <c>SlaBreaches</c>, the governorate's escalation list (the dashboard reads
/// exactly this shape): PK province, RK "{inverted flag ticks D19}|{tracking code}|{kind}" (newest first), with
/// AgencyKey, Kind ("acknowledge" or "resolve"), DueAt, FlaggedAt and Topic. The key comes from the flag's own
/// time, so recording a breach again writes the same row.
/// </summary>
public sealed class TableSlaBreachLog(TableServiceClient tables) : ISlaBreachLog
{
    public const string BreachesTable = "SlaBreaches";

    public Task EnsureTableAsync(CancellationToken cancellationToken) => tables.CreateTableIfNotExistsAsync(BreachesTable, cancellationToken);

    public Task RecordAsync(SlaBreachRecord breach, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(breach);
        var kind = SlaFlag.Key(breach.Kind);
        var newestFirst = (DateTimeOffset.MaxValue.Ticks - breach.FlaggedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var row = new TableEntity(breach.Province, $"{newestFirst}|{breach.TrackingCode}|{kind}")
        {
            ["AgencyKey"] = breach.AgencyKey,
            ["Kind"] = kind,
            ["DueAt"] = breach.DueAt,
            ["FlaggedAt"] = breach.FlaggedAt,
            ["Topic"] = breach.Topic,
        };
        return tables.GetTableClient(BreachesTable).UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }
}
