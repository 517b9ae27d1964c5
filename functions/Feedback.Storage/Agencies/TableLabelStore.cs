using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Agencies;

/// <summary>
/// <see cref="ILabelStore"/> on table <c>LabelledFeedback</c>: PK province, RK tracking code (a later correction
/// of the same item replaces its row), with the citizen's Text as received, Sentiment, Topic, LabelledAt and LabelledBy.
/// </summary>
public sealed class TableLabelStore(TableServiceClient tables) : ILabelStore
{
    public const string LabelsTable = "LabelledFeedback";

    private readonly TableClient labels = tables.GetTableClient(LabelsTable);

    public Task EnsureTableAsync(CancellationToken cancellationToken) => tables.CreateTableIfNotExistsAsync(LabelsTable, cancellationToken);

    public Task SaveAsync(LabelledFeedback labelled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        var row = new TableEntity(labelled.Province, labelled.TrackingCode.Value)
        {
            ["Text"] = labelled.Text,
            ["Sentiment"] = labelled.Sentiment,
            ["Topic"] = labelled.Topic,
            ["LabelledAt"] = labelled.LabelledAt,
            ["LabelledBy"] = labelled.LabelledBy,
        };
        return labels.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<LabelledFeedback> ListAsync(string? province, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var where = new List<string>();
        if (province is not null)
            where.Add(TableClient.CreateQueryFilter($"PartitionKey eq {province}"));
        if (since is { } from)
            where.Add(TableClient.CreateQueryFilter($"LabelledAt ge {from}"));
        await foreach (var row in labels.QueryAsync<TableEntity>(where.Count == 0 ? null : string.Join(" and ", where), cancellationToken: cancellationToken))
        {
            yield return new LabelledFeedback(
                row.PartitionKey,
                TrackingCode.FromStored(row.RowKey),
                row.GetString("Text")!,
                row.GetString("Sentiment")!,
                row.GetString("Topic")!,
                row.GetDateTimeOffset("LabelledAt")!.Value,
                row.GetString("LabelledBy")!);
        }
    }
}
