using System.Text.Json;

namespace Feedback.Functions.Access;

/// <summary>
/// Reads the identity App Service Authentication (Entra ID) passes to the app in Azure: the X-MS-CLIENT-PRINCIPAL
/// header, base64 of JSON <c>{"auth_typ":"aad","claims":[{"typ":…,"val":…}],…}</c>. The platform removes the header
/// from requests that arrive from outside and sets it itself, but only while authentication is on, so it is trusted in Azure mode
/// only, and there only when <see cref="AppServiceAuthentication.IsEnabled"/>; never locally.
/// </summary>
internal static class ClientPrincipal
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The claim that carries the user's Entra object id, which the membership table is keyed by.</summary>
    public const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    private const string ShortObjectIdClaim = "oid";
    private const string EntraAuthType = "aad";
    private const int MaxHeaderLength = 32 * 1024;

    /// <summary>The Entra object id the header names, or null when the header is missing, malformed or not Entra ID's.</summary>
    public static string? ObjectId(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxHeaderLength)
            return null;
        var bytes = new byte[header.Length];
        if (!Convert.TryFromBase64String(header.Trim(), bytes, out var length))
            return null;
        try
        {
            using var json = JsonDocument.Parse(bytes.AsMemory(0, length));
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("auth_typ", out var authType) || authType.ValueKind != JsonValueKind.String
                || !string.Equals(authType.GetString(), EntraAuthType, StringComparison.OrdinalIgnoreCase)
                || !root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
                return null;
            foreach (var claim in claims.EnumerateArray())
            {
                if (claim.ValueKind == JsonValueKind.Object
                    && claim.TryGetProperty("typ", out var type) && type.GetString() is ObjectIdClaim or ShortObjectIdClaim
                    && claim.TryGetProperty("val", out var value) && value.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(value.GetString()))
                    return value.GetString();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
