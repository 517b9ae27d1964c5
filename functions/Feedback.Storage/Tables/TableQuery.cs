namespace Feedback.Storage.Tables;

/// <summary>
/// What to read from a table: a <see cref="TableFilter"/> ($filter), the properties to return ($select;
/// PartitionKey, RowKey and Timestamp always come too), and at most how many entities a page holds ($top,
/// 1 to 1,000, the service's own page limit).
/// </summary>
public sealed record TableQuery(TableFilter? Filter = null, IReadOnlyList<string>? Select = null, int? Top = null)
{
    public const int MaxPageSize = 1000;
}
