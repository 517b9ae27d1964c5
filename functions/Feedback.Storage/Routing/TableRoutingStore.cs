using Azure;
using Azure.Data.Tables;
using Feedback.Core.Routing;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Routing;

/// <summary>
/// <see cref="IRoutingStore"/> on Table Storage, table <c>RoutingRules</c>: PK "agency" (RK agency key), "rule"
/// (RK province|county or *|topic), "secretariat" (RK province) and "saved" (one row, written when a save is
/// complete). Small enough to read whole.
/// </summary>
public sealed class TableRoutingStore(TableServiceClient tables) : IRoutingStore
{
    public const string RoutingTable = "RoutingRules";

    private readonly TableClient routing = tables.GetTableClient(RoutingTable);

    private const string AgencyPartition = "agency";
    private const string RulePartition = "rule";
    private const string SecretariatPartition = "secretariat";

    /// <summary>Written last by a save and removed first: without it the table holds no complete data (a save was cut short).</summary>
    private const string SavedPartition = "saved";
    private const string AnyCounty = "*";

    public Task EnsureTableAsync(CancellationToken cancellationToken) => tables.CreateTableIfNotExistsAsync(RoutingTable, cancellationToken);

    public async Task<RoutingData?> LoadAsync(CancellationToken cancellationToken)
    {
        if (await routing.GetOrNullAsync(SavedPartition, string.Empty, cancellationToken) is null)
            return null;
        var agencies = new List<Agency>();
        var rules = new List<RoutingRule>();
        var secretariats = new List<GovernorateSecretariat>();
        await foreach (var entity in routing.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            switch (entity.PartitionKey)
            {
                case AgencyPartition:
                    agencies.Add(new Agency(entity.RowKey, entity.GetString("Name")!, entity.GetString("Province")!, entity.GetString("County")));
                    break;
                case RulePartition:
                    var (province, county, topic) = RuleKeys(entity.RowKey);
                    rules.Add(new RoutingRule(province, topic, entity.GetString("Agency")!, county));
                    break;
                case SecretariatPartition:
                    secretariats.Add(new GovernorateSecretariat(entity.RowKey, entity.GetString("Agency")!));
                    break;
            }
        }
        return agencies.Count + rules.Count + secretariats.Count == 0 ? null : new RoutingData(agencies, rules, secretariats);
    }

    /// <summary>Checks the data, writes every row, then deletes the rows the data no longer has.</summary>
    public async Task SaveAsync(RoutingData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.ToTable();
        var rows = new List<TableEntity>();
        foreach (var agency in data.Agencies)
        {
            var row = new TableEntity(AgencyPartition, agency.Key) { ["Name"] = agency.PersianName, ["Province"] = agency.ProvinceKey };
            if (agency.CountyKey is { } county)
                row["County"] = county;
            rows.Add(row);
        }
        rows.AddRange(data.Rules.Select(rule => new TableEntity(RulePartition, $"{rule.ProvinceKey}|{rule.CountyKey ?? AnyCounty}|{rule.TopicKey}") { ["Agency"] = rule.AgencyKey }));
        rows.AddRange(data.Secretariats.Select(secretariat => new TableEntity(SecretariatPartition, secretariat.ProvinceKey) { ["Agency"] = secretariat.AgencyKey }));

        await routing.DeleteEntityAsync(SavedPartition, string.Empty, ETag.All, cancellationToken);
        var stale = new List<(string Partition, string Row)>();
        await foreach (var existing in routing.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (existing.PartitionKey != SavedPartition && !rows.Any(row => row.PartitionKey == existing.PartitionKey && row.RowKey == existing.RowKey))
                stale.Add((existing.PartitionKey, existing.RowKey));
        }
        foreach (var partition in rows.GroupBy(row => row.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(TableWriteCoalescer.MaxTransactionActions))
                await routing.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken);
        }
        foreach (var (partition, row) in stale)
            await routing.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
        await routing.UpsertEntityAsync(new TableEntity(SavedPartition, string.Empty) { ["At"] = DateTimeOffset.UtcNow }, TableUpdateMode.Replace, cancellationToken);
    }

    private static (string Province, string? County, string Topic) RuleKeys(string rowKey)
    {
        var parts = rowKey.Split('|');
        return parts.Length == 3
            ? (parts[0], parts[1] == AnyCounty ? null : parts[1], parts[2])
            : throw new InvalidOperationException($"routing rule row '{rowKey}' is not province|county|topic");
    }
}
