using Azure;
using Azure.Data.Tables;
using Feedback.Core.Clients;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Clients;

/// <summary><see cref="IApiKeyStore"/> on Table Storage: table ApiKeys, PK "key", RK the key's SHA-256; the client id is the hash's first 12 characters.</summary>
public sealed class TableApiKeyStore(TableServiceClient tables) : IApiKeyStore
{
    public const string Table = "ApiKeys";
    private const string Partition = "key";

    private readonly TableClient keys = tables.GetTableClient(Table);

    public Task EnsureTableAsync(CancellationToken cancellationToken) => tables.CreateTableIfNotExistsAsync(Table, cancellationToken);

    public Task SaveAsync(string keyHash, ApiClient client, CancellationToken cancellationToken) =>
        keys.UpsertEntityAsync(ToEntity(keyHash, client), TableUpdateMode.Replace, cancellationToken);

    public async Task<ApiClient?> FindAsync(string keyHash, CancellationToken cancellationToken)
    {
        var entity = await keys.GetOrNullAsync(Partition, keyHash, cancellationToken);
        return entity is null ? null : FromEntity(entity);
    }

    public async Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken cancellationToken)
    {
        var clients = new List<ApiClient>();
        await foreach (var entity in AllAsync(cancellationToken))
            clients.Add(FromEntity(entity));
        return clients;
    }

    public async Task<bool> RevokeAsync(string clientId, CancellationToken cancellationToken)
    {
        await foreach (var entity in AllAsync(cancellationToken))
        {
            if (entity.GetString("ClientId") != clientId)
                continue;
            entity["Revoked"] = true;
            await keys.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        return false;
    }

    private AsyncPageable<TableEntity> AllAsync(CancellationToken cancellationToken) =>
        keys.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken);

    public static string ClientIdOf(string keyHash) => keyHash[..12];

    private static TableEntity ToEntity(string keyHash, ApiClient client) => new(Partition, keyHash)
    {
        ["ClientId"] = client.Id,
        ["Name"] = client.Name,
        ["Province"] = client.Province,
        ["IssuedAt"] = client.IssuedAt,
        ["Revoked"] = client.Revoked,
    };

    private static ApiClient FromEntity(TableEntity entity) => new(
        entity.GetString("ClientId")!,
        entity.GetString("Name")!,
        entity.GetString("Province")!,
        entity.GetDateTimeOffset("IssuedAt")!.Value,
        entity.GetBoolean("Revoked") ?? false);
}
