using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Feedback.Storage.Auth;

namespace Feedback.Storage.Tables;

/// <summary>
/// Table Storage over its REST API (JSON, OData version 3.0). Keys and names are checked before any
/// request. Failures surface as <see cref="RequestFailedException"/> with the status and the service's error
/// code, except an insert conflict (<see cref="TableEntityExistsException"/>) and a stale ETag
/// (<see cref="TableETagMismatchException"/>), which callers act on.
/// </summary>
public sealed class TableStorageClient
{
    /// <summary>The most actions one entity group transaction may hold.</summary>
    public const int MaxTransactionActions = 100;

    private const string ContinuationPartitionKeyHeader = "x-ms-continuation-NextPartitionKey";
    private const string ContinuationRowKeyHeader = "x-ms-continuation-NextRowKey";

    private static readonly RequestMethod MergeMethod = new("MERGE");

    private readonly HttpPipeline pipeline;
    private readonly string endpoint;

    /// <param name="credential">An Entra ID credential (e.g. a managed identity); without one the connection's
    /// AccountKey signs requests.</param>
    public TableStorageClient(StorageConnection connection, TokenCredential? credential = null, StorageClientOptions? options = null)
    {
        pipeline = StoragePipeline.Create(connection, StorageService.Table, credential, options);
        endpoint = connection.TableEndpoint.AbsoluteUri.TrimEnd('/');
    }

    public async Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken)
    {
        TableNames.ValidateTable(table);
        using var message = CreateMessage(RequestMethod.Post, "Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, string> { ["TableName"] = table }));
        await pipeline.SendAsync(message, cancellationToken);

        var response = message.Response;
        if (response.Status is 201 or 204 || (response.Status == 409 && ErrorCode(response) == "TableAlreadyExists"))
            return;
        throw StorageErrorParser.Exception(response);
    }

    /// <exception cref="TableEntityExistsException">An entity with the same keys exists.</exception>
    public async Task<ETag> InsertAsync(string table, TableEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var message = CreateMessage(RequestMethod.Post, TableNames.ValidateTable(table));
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetBody(message, entity);
        await pipeline.SendAsync(message, cancellationToken);

        var response = message.Response;
        return response.Status switch
        {
            201 or 204 => ETagOf(response),
            409 when ErrorCode(response) == "EntityAlreadyExists" => throw new TableEntityExistsException(response),
            _ => throw StorageErrorParser.Exception(response),
        };
    }

    /// <summary>Insert-or-replace (<see cref="TableUpdateMode.Replace"/>) or insert-or-merge, whatever is stored.</summary>
    public Task<ETag> UpsertAsync(string table, TableEntity entity, TableUpdateMode mode, CancellationToken cancellationToken) =>
        WriteAsync(table, entity, mode, ifMatch: null, cancellationToken);

    /// <summary>Replaces or merges an existing entity only if it still has <paramref name="ifMatch"/>
    /// (<see cref="ETag.All"/> for any version).</summary>
    /// <exception cref="TableETagMismatchException">The entity changed since <paramref name="ifMatch"/> was read.</exception>
    public Task<ETag> UpdateAsync(string table, TableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        if (ifMatch == default)
            throw new ArgumentException("An update needs the ETag it expects (ETag.All for any version).", nameof(ifMatch));
        return WriteAsync(table, entity, mode, ifMatch, cancellationToken);
    }

    /// <summary>The entity, or null when none has these keys.</summary>
    public async Task<TableEntity?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, EntityPath(table, partitionKey, rowKey));
        await pipeline.SendAsync(message, cancellationToken);

        var response = message.Response;
        if (response.Status == 404 && ErrorCode(response) == "ResourceNotFound")
            return null;
        if (response.Status != 200)
            throw StorageErrorParser.Exception(response);
        using var json = JsonDocument.Parse(response.Content.ToMemory());
        return TableValues.Deserialize(json.RootElement, ETagOf(response));
    }

    /// <summary>Deletes the entity if it has <paramref name="ifMatch"/> (<see cref="ETag.All"/> for any version).</summary>
    /// <returns>False when no entity has these keys.</returns>
    /// <exception cref="TableETagMismatchException">The entity changed since <paramref name="ifMatch"/> was read.</exception>
    public async Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken)
    {
        if (ifMatch == default)
            throw new ArgumentException("A delete needs the ETag it expects (ETag.All for any version).", nameof(ifMatch));
        using var message = CreateMessage(RequestMethod.Delete, EntityPath(table, partitionKey, rowKey));
        message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, ifMatch.ToString("H"));
        await pipeline.SendAsync(message, cancellationToken);

        var response = message.Response;
        return response.Status switch
        {
            204 => true,
            404 when ErrorCode(response) == "ResourceNotFound" => false,
            412 => throw new TableETagMismatchException(response),
            _ => throw StorageErrorParser.Exception(response),
        };
    }

    /// <summary>
    /// Applies every action or none, in one request: up to <see cref="MaxTransactionActions"/> actions on one
    /// partition of one table, each on a different row.
    /// </summary>
    /// <exception cref="TableTransactionFailedException">The service refused the transaction; nothing was written.</exception>
    public async Task SubmitTransactionAsync(string table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        TableNames.ValidateTable(table);
        if (actions.Count is 0 or > MaxTransactionActions)
            throw new ArgumentException($"A transaction holds 1 to {MaxTransactionActions} actions.", nameof(actions));
        var partition = actions[0].Entity.PartitionKey;
        if (actions.Any(action => action.Entity.PartitionKey != partition))
            throw new ArgumentException("Every action of a transaction has the same partition key.", nameof(actions));
        if (actions.Select(action => action.Entity.RowKey).Distinct(StringComparer.Ordinal).Count() != actions.Count)
            throw new ArgumentException("A transaction acts on each row at most once.", nameof(actions));

        var (contentType, body) = TableTransactionBody.Create(actions, $"{endpoint}/{table}", entity => $"{endpoint}/{EntityPath(table, entity.PartitionKey, entity.RowKey)}");
        using var message = CreateMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, contentType);
        message.Request.Content = RequestContent.Create(body);
        await pipeline.SendAsync(message, cancellationToken);

        var response = message.Response;
        if (response.Status != 202)
            throw StorageErrorParser.Exception(response);
        if (TableTransactionBody.Failure(response.Content.ToString()) is { } failure)
            throw failure;
    }

    /// <summary>One page; pass its <see cref="TablePage.ContinuationToken"/> back for the next. A page can be
    /// empty and still have a token (the service stops at partition boundaries and after five seconds).</summary>
    public async Task<TablePage> QueryAsync(string table, TableQuery query, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var message = CreateMessage(RequestMethod.Get, $"{TableNames.ValidateTable(table)}()");
        AddQueryOptions(message.Request.Uri, query, continuationToken);
        await pipeline.SendAsync(message, cancellationToken);

        var response = message.Response;
        if (response.Status != 200)
            throw StorageErrorParser.Exception(response);
        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var entities = json.RootElement.GetProperty("value").EnumerateArray()
            .Select(entity => TableValues.Deserialize(entity, default))
            .ToList();
        return new TablePage(entities, NextContinuationToken(response));
    }

    /// <summary>Every entity the query matches, reading page after page.</summary>
    public async IAsyncEnumerable<TableEntity> QueryAllAsync(
        string table, TableQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuationToken = null;
        do
        {
            var page = await QueryAsync(table, query, continuationToken, cancellationToken);
            foreach (var entity in page.Entities)
                yield return entity;
            continuationToken = page.ContinuationToken;
        }
        while (continuationToken is not null);
    }

    private async Task<ETag> WriteAsync(
        string table, TableEntity entity, TableUpdateMode mode, ETag? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var method = mode switch
        {
            TableUpdateMode.Replace => RequestMethod.Put,
            TableUpdateMode.Merge => MergeMethod,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown update mode."),
        };
        using var message = CreateMessage(method, EntityPath(table, entity.PartitionKey, entity.RowKey));
        if (ifMatch is { } expected)
            message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, expected.ToString("H"));
        SetBody(message, entity);
        await pipeline.SendAsync(message, cancellationToken);

        var response = message.Response;
        return response.Status switch
        {
            204 => ETagOf(response),
            412 => throw new TableETagMismatchException(response),
            _ => throw StorageErrorParser.Exception(response),
        };
    }

    private HttpMessage CreateMessage(RequestMethod method, string relativePath)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(new Uri($"{endpoint}/{relativePath}"));
        request.Headers.SetValue(HttpHeader.Names.Accept, "application/json;odata=minimalmetadata");
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    private static void SetBody(HttpMessage message, TableEntity entity)
    {
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        message.Request.Content = RequestContent.Create(TableValues.Serialize(entity));
    }

    /// <summary>table(PartitionKey='…',RowKey='…'): quotes doubled as OData literals need, then percent-encoded.</summary>
    private static string EntityPath(string table, string partitionKey, string rowKey) =>
        $"{TableNames.ValidateTable(table)}(PartitionKey='{EscapeKey(TableNames.ValidateKey(partitionKey, nameof(partitionKey)))}'," +
        $"RowKey='{EscapeKey(TableNames.ValidateKey(rowKey, nameof(rowKey)))}')";

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static void AddQueryOptions(RequestUriBuilder uri, TableQuery query, string? continuationToken)
    {
        if (query.Filter is not null)
            uri.AppendQuery("$filter", query.Filter.ToString(), escapeValue: true);
        if (query.Select is { Count: > 0 } select)
        {
            // Without the keys a selected row could not be made into a TableEntity.
            var properties = new[] { TableEntity.PartitionKeyName, TableEntity.RowKeyName, TableEntity.TimestampName }
                .Concat(select.Select(TableNames.ValidateProperty))
                .Distinct(StringComparer.Ordinal);
            uri.AppendQuery("$select", string.Join(',', properties), escapeValue: true);
        }

        if (query.Top is { } top)
        {
            if (top is < 1 or > TableQuery.MaxPageSize)
                throw new ArgumentOutOfRangeException(nameof(query), top, $"Top must be 1 to {TableQuery.MaxPageSize}.");
            uri.AppendQuery("$top", top.ToString(CultureInfo.InvariantCulture), escapeValue: false);
        }

        if (continuationToken is not null)
        {
            var (partitionKey, rowKey) = ReadContinuationToken(continuationToken);
            uri.AppendQuery("NextPartitionKey", partitionKey, escapeValue: true);
            if (rowKey is not null)
                uri.AppendQuery("NextRowKey", rowKey, escapeValue: true);
        }
    }

    private static string? NextContinuationToken(Response response)
    {
        if (!response.Headers.TryGetValue(ContinuationPartitionKeyHeader, out var partitionKey))
            return null;
        response.Headers.TryGetValue(ContinuationRowKeyHeader, out var rowKey);
        return Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { partitionKey, rowKey }));
    }

    private static (string PartitionKey, string? RowKey) ReadContinuationToken(string continuationToken)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<string?[]>(Base64Url.DecodeFromChars(continuationToken));
            if (parts is [{ } partitionKey, var rowKey])
                return (partitionKey, rowKey);
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
        }

        throw new ArgumentException("The continuation token is not one a query of this client returned.", nameof(continuationToken));
    }

    private static ETag ETagOf(Response response) => response.Headers.ETag ?? default;

    private static string? ErrorCode(Response response) =>
        StorageErrorParser.Instance.TryParse(response, out var error, out _) ? error?.Code : null;
}
