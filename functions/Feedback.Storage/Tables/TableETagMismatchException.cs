using Azure;
using Feedback.Storage.Auth;

namespace Feedback.Storage.Tables;

/// <summary>
/// A conditional write or delete found the entity changed since its ETag was read (412
/// UpdateConditionNotSatisfied): read it again and retry (optimistic concurrency).
/// </summary>
public sealed class TableETagMismatchException : RequestFailedException
{
    internal TableETagMismatchException(Response response)
        : base(response, null, StorageErrorParser.Instance)
    {
    }
}
