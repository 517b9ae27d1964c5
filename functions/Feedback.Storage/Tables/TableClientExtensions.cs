using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;

namespace Feedback.Storage.Tables;

/// <summary>The answers of Azure.Data.Tables that the stores act on, named once.</summary>
public static class TableClientExtensions
{
    /// <summary>The row with these keys, or null when there is none.</summary>
    public static async Task<TableEntity?> GetOrNullAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Inserts the row; false when a row with its keys exists already.</summary>
    public static async Task<bool> TryAddAsync<TEntity>(this TableClient table, TEntity entity, CancellationToken cancellationToken)
        where TEntity : class, ITableEntity
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException exists) when (exists.IsEntityExists())
        {
            return false;
        }
    }

    /// <summary>Inserts the row; its version (ETag), or null when a row with its keys exists already.</summary>
    public static async Task<string?> TryAddVersionedAsync(this TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken);
            return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("the service answered an insert without an ETag");
        }
        catch (RequestFailedException exists) when (exists.IsEntityExists())
        {
            return null;
        }
    }

    /// <summary>Replaces the row if it still has <paramref name="version"/>; the new version, or null when it changed (or is gone) since.</summary>
    public static async Task<string?> TryReplaceAsync(this TableClient table, TableEntity entity, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            var response = await table.UpdateEntityAsync(entity, new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException changed) when (changed.IsVersionConflict())
        {
            return null;
        }
    }

    /// <summary>The rows <paramref name="filter"/> selects (only the <paramref name="select"/>ed columns when given); none when the table does not exist (yet).</summary>
    public static async Task<List<TableEntity>> QueryOrNoneAsync(this TableClient table, string filter, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in RowsOrNoneAsync(table, filter, select, cancellationToken))
            rows.Add(row);
        return rows;
    }

    /// <summary>
    /// The rows <paramref name="filter"/> selects (every row when null), a page at a time as they are read, so a whole
    /// table can be walked without holding it; none when the table does not exist (yet).
    /// </summary>
    public static async IAsyncEnumerable<TableEntity> RowsOrNoneAsync(this TableClient table, string? filter, IEnumerable<string>? select, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var pages = table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync())
                        yield break;
                }
                catch (RequestFailedException missing) when (missing.IsTableNotFound())
                {
                    // Nothing was ever written there.
                    yield break;
                }
                foreach (var row in pages.Current.Values)
                    yield return row;
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    /// <summary>An insert found a row with the same keys.</summary>
    public static bool IsEntityExists(this RequestFailedException failure) =>
        failure is { Status: 409 } && failure.ErrorCode == TableErrorCode.EntityAlreadyExists;

    /// <summary>A conditional write found the row changed (412) or gone (404) since it was read.</summary>
    public static bool IsVersionConflict(this RequestFailedException failure) => failure is { Status: 412 or 404 };

    /// <summary>The table does not exist (yet).</summary>
    public static bool IsTableNotFound(this RequestFailedException failure) =>
        failure is { Status: 404 } && failure.ErrorCode == TableErrorCode.TableNotFound;
}

/// <summary>The Table service's rule for keys, for keys that come from outside (a provider's ids, a user id).</summary>
public static class TableNames
{
    /// <summary>Whether the service would take <paramref name="key"/> as a key: 1 to 512 characters without / \ # ? or a control character.</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= 512 } && !key.Any(character => character is '/' or '\\' or '#' or '?' || char.IsControl(character));
}
