using Azure;
using Feedback.Storage.Auth;

namespace Feedback.Storage.Tables;

/// <summary>
/// An insert found an entity with the same PartitionKey and RowKey (409 EntityAlreadyExists): the caller
/// can pick another key, e.g. a fresh tracking code.
/// </summary>
public sealed class TableEntityExistsException : RequestFailedException
{
    internal TableEntityExistsException(Response response)
        : base(response, null, StorageErrorParser.Instance)
    {
    }
}
