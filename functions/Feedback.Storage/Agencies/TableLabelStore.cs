using System.Runtime.CompilerServices;
using Feedback.Core.Agencies;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Agencies;

/// <summary>
/// <see cref="ILabelStore"/> on table <c>LabelledFeedback</c>: PK province, RK tracking code (a later correction
/// of the same item replaces its row), with the citizen's Text as received, Sentiment, Topic, LabelledAt and LabelledBy.
/// </summary>
public sealed class TableLabelStore(TableStorageClient tables) : ILabelStore
{
    public const string LabelsTable = "LabelledFeedback";

    public Task EnsureTableAsync(CancellationToken cancellationToken) => tables.CreateTableIfNotExistsAsync(LabelsTable, cancellationToken);

    public Task SaveAsync(LabelledFeedback labelled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        var row = new TableEntity(labelled.Province, labelled.TrackingCode)
        {
            ["Text"] = labelled.Text,
            ["Sentiment"] = labelled.Sentiment,
            ["Topic"] = labelled.Topic,
            ["LabelledAt"] = labelled.LabelledAt,
            ["LabelledBy"] = labelled.LabelledBy,
        };
        return tables.UpsertAsync(LabelsTable, row, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<LabelledFeedback> ListAsync(string? province, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TableFilter? where = province is null ? null : TableFilter.Equal(TableEntity.PartitionKeyName, province);
        if (since is { } from)
            where = where is null ? TableFilter.GreaterThanOrEqual("LabelledAt", from) : where.And(TableFilter.GreaterThanOrEqual("LabelledAt", from));
        await foreach (var row in tables.QueryAllAsync(LabelsTable, new TableQuery(where), cancellationToken))
        {
            yield return new LabelledFeedback(
                row.PartitionKey,
                row.RowKey,
                row.GetString("Text")!,
                row.GetString("Sentiment")!,
                row.GetString("Topic")!,
                row.GetDateTimeOffset("LabelledAt")!.Value,
                row.GetString("LabelledBy")!);
        }
    }
}
