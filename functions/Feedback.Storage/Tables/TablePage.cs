namespace Feedback.Storage.Tables;

/// <summary>One page of a query; <see cref="ContinuationToken"/> (opaque) reads the next one, null after the last.</summary>
public sealed record TablePage(IReadOnlyList<TableEntity> Entities, string? ContinuationToken);
