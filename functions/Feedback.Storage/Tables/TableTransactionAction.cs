using Azure;

namespace Feedback.Storage.Tables;

public enum TableTransactionActionKind
{
    /// <summary>Insert-or-replace.</summary>
    UpsertReplace,

    /// <summary>Insert-or-merge.</summary>
    UpsertMerge,

    /// <summary>Insert; fails the whole transaction (409, naming the action) when the row exists.</summary>
    Insert,

    /// <summary>Delete if the entity has the action's ETag (<see cref="ETag.All"/> for any version); fails the whole transaction when it is missing.</summary>
    Delete,
}

/// <summary>One write of an entity group transaction: every action of a transaction has the same partition key and a different row key.</summary>
public sealed record TableTransactionAction(TableTransactionActionKind Kind, TableEntity Entity, ETag IfMatch = default)
{
    public static TableTransactionAction Upsert(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Replace) =>
        new(mode == TableUpdateMode.Merge ? TableTransactionActionKind.UpsertMerge : TableTransactionActionKind.UpsertReplace, entity);

    public static TableTransactionAction Insert(TableEntity entity) => new(TableTransactionActionKind.Insert, entity);

    public static TableTransactionAction Delete(string partitionKey, string rowKey, ETag ifMatch) =>
        new(TableTransactionActionKind.Delete, new TableEntity(partitionKey, rowKey), ifMatch == default ? ETag.All : ifMatch);
}

/// <summary>
/// An entity group transaction was refused as a whole: nothing of it was written.
/// <see cref="FailedActionIndex"/> is the action the service blamed, when it said.
/// </summary>
public sealed class TableTransactionFailedException : RequestFailedException
{
    internal TableTransactionFailedException(int status, string? errorCode, string message, int? failedActionIndex)
        : base(status, message, errorCode, null)
    {
        FailedActionIndex = failedActionIndex;
    }

    public int? FailedActionIndex { get; }
}
