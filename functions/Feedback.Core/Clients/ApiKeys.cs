using System.Security.Cryptography;
using System.Text;

namespace Feedback.Core.Clients;

/// <summary>A machine client (a counter office or an agency's system) and the province it acts in.</summary>
public sealed record ApiClient(string Id, string Name, string Province, DateTimeOffset IssuedAt, bool Revoked);

/// <summary>Where API keys are kept: only their hash, so a copy of the store gives nobody a working key.</summary>
public interface IApiKeyStore
{
    Task SaveAsync(string keyHash, ApiClient client, CancellationToken cancellationToken);

    Task<ApiClient?> FindAsync(string keyHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken cancellationToken);

    /// <returns>False when no client has that id.</returns>
    Task<bool> RevokeAsync(string clientId, CancellationToken cancellationToken);
}

/// <summary>
/// Issues and checks API keys: "fbk_" and 32 random bytes (base64url), shown once and stored as SHA-256.
/// A plain hash is enough because the keys are random, not chosen by people.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "fbk_";

    public static (string Key, string Hash) Create()
    {
        var key = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (key, Hash(key));
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static async Task<ApiClient?> AuthenticateAsync(IApiKeyStore store, string? presentedKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(presentedKey) || !presentedKey.StartsWith(Prefix, StringComparison.Ordinal) || presentedKey.Length > 128)
            return null;
        var client = await store.FindAsync(Hash(presentedKey.Trim()), cancellationToken);
        return client is { Revoked: false } ? client : null;
    }
}
