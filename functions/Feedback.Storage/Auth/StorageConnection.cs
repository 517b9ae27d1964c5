using System.Diagnostics.CodeAnalysis;

namespace Feedback.Storage.Auth;

/// <summary>
/// Where a storage account's Table and Queue services are, and the account key when requests are signed
/// with Shared Key. Parsed from an Azure Storage connection string: <c>UseDevelopmentStorage=true</c> for
/// Azurite on its default ports, or explicit settings (<c>DefaultEndpointsProtocol</c>, <c>AccountName</c>,
/// <c>AccountKey</c>, <c>EndpointSuffix</c>, <c>TableEndpoint</c>, <c>QueueEndpoint</c>). A connection string
/// without <c>AccountKey</c> names the account for a managed identity (a TokenCredential) instead.
/// </summary>
public sealed class StorageConnection
{
    public const string DevelopmentAccountName = "devstoreaccount1";

    // Azurite's well-known development key, published in its documentation: not a secret.
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string DefaultEndpointSuffix = "core.windows.net";

    private static readonly string[] SettingsWithoutEffectHere =
    [
        "BlobEndpoint", "FileEndpoint", "BlobSecondaryEndpoint", "QueueSecondaryEndpoint",
        "TableSecondaryEndpoint", "FileSecondaryEndpoint",
    ];

    private static readonly string[] KnownSettings =
    [
        "UseDevelopmentStorage", "DefaultEndpointsProtocol", "AccountName", "AccountKey", "EndpointSuffix",
        "TableEndpoint", "QueueEndpoint", "SharedAccessSignature", .. SettingsWithoutEffectHere,
    ];

    private readonly byte[]? accountKey;

    private StorageConnection(string? accountName, byte[]? accountKey, Uri tableEndpoint, Uri queueEndpoint)
    {
        AccountName = accountName;
        this.accountKey = accountKey;
        TableEndpoint = tableEndpoint;
        QueueEndpoint = queueEndpoint;
    }

    /// <summary>The account's name; absent only when both endpoints are explicit and no key signs.</summary>
    public string? AccountName { get; }

    /// <summary>The Table service's base address (Azurite's path is the account name).</summary>
    public Uri TableEndpoint { get; }

    /// <summary>The Queue service's base address (Azurite's path is the account name).</summary>
    public Uri QueueEndpoint { get; }

    [MemberNotNullWhen(true, nameof(AccountName))]
    public bool HasAccountKey => accountKey is not null;

    /// <summary>Azurite's well-known account on its default loopback ports.</summary>
    public static StorageConnection Development { get; } = new(
        DevelopmentAccountName,
        Convert.FromBase64String(DevelopmentAccountKey),
        new Uri($"http://127.0.0.1:10002/{DevelopmentAccountName}"),
        new Uri($"http://127.0.0.1:10001/{DevelopmentAccountName}"));

    internal ReadOnlySpan<byte> AccountKey =>
        accountKey ?? throw new InvalidOperationException("This storage connection has no AccountKey to sign with.");

    /// <exception cref="FormatException">The connection string is empty or malformed; the message names every
    /// missing or invalid setting, and never contains the account key.</exception>
    public static StorageConnection Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var problems = new List<string>();
        var settings = ReadSettings(connectionString, problems);
        if (settings.Count == 0 && problems.Count == 0)
            throw new FormatException("Invalid storage connection string: it is empty.");

        var connection = settings.ContainsKey("UseDevelopmentStorage")
            ? ParseDevelopment(settings, problems)
            : ParseExplicit(settings, problems);

        if (problems.Count > 0)
            throw new FormatException($"Invalid storage connection string: {string.Join("; ", problems)}.");
        return connection!;
    }

    /// <summary>Names the account and endpoints only: the key never appears in logs through this.</summary>
    public override string ToString() =>
        $"AccountName={AccountName ?? "(none)"}; TableEndpoint={TableEndpoint}; QueueEndpoint={QueueEndpoint}; " +
        $"AccountKey={(HasAccountKey ? "(set)" : "(none)")}";

    private static Dictionary<string, string> ReadSettings(string connectionString, List<string> problems)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var index = 0; index < segments.Length; index++)
        {
            var separator = segments[index].IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                // The segment itself is not echoed: it could be a key pasted without its name.
                problems.Add($"setting {index + 1} is not of the form Name=Value");
                continue;
            }

            var name = segments[index][..separator].Trim();
            var value = segments[index][(separator + 1)..].Trim();
            if (!KnownSettings.Contains(name, StringComparer.OrdinalIgnoreCase))
                problems.Add($"{DescribeUnknown(name, index)} is not a storage connection string setting (known: {string.Join(", ", KnownSettings)})");
            else if (!settings.TryAdd(name, value))
                problems.Add($"{name} is given more than once");
        }

        return settings;
    }

    /// <summary>A short word is echoed to point at a typo; anything longer could be a pasted key, and is not.</summary>
    private static string DescribeUnknown(string name, int index) =>
        name.Length <= 40 && name.All(char.IsAsciiLetter) ? $"'{name}'" : $"the name of setting {index + 1}";

    private static StorageConnection? ParseDevelopment(Dictionary<string, string> settings, List<string> problems)
    {
        if (!string.Equals(settings["UseDevelopmentStorage"], "true", StringComparison.OrdinalIgnoreCase))
            problems.Add("UseDevelopmentStorage must be 'true' when given");
        foreach (var name in settings.Keys.Where(name => !name.Equals("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase)))
            problems.Add($"{name} cannot be combined with UseDevelopmentStorage=true");
        return problems.Count == 0 ? Development : null;
    }

    private static StorageConnection? ParseExplicit(Dictionary<string, string> settings, List<string> problems)
    {
        if (settings.ContainsKey("SharedAccessSignature"))
            problems.Add("SharedAccessSignature is not supported: use AccountKey, or AccountName alone with a managed identity");

        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        if (protocol is not ("http" or "https"))
            problems.Add($"DefaultEndpointsProtocol '{protocol}' must be http or https");

        var suffix = settings.GetValueOrDefault("EndpointSuffix", DefaultEndpointSuffix);
        if (suffix.Length == 0 || Uri.CheckHostName(suffix) != UriHostNameType.Dns)
            problems.Add($"EndpointSuffix '{suffix}' is not a DNS name");

        var accountName = settings.GetValueOrDefault("AccountName");
        if (accountName is not null && !IsValidAccountName(accountName))
            problems.Add($"AccountName '{accountName}' must be 3 to 24 lowercase letters and digits");

        byte[]? accountKey = null;
        if (settings.TryGetValue("AccountKey", out var encodedKey))
        {
            accountKey = DecodeKey(encodedKey);
            if (accountKey is null)
                problems.Add("AccountKey is not valid base64");
            if (accountName is null)
                problems.Add("AccountName is missing: Shared Key signs with the account's name and key");
        }

        var tableEndpoint = Endpoint(settings, "TableEndpoint", "table", protocol, accountName, suffix, problems);
        var queueEndpoint = Endpoint(settings, "QueueEndpoint", "queue", protocol, accountName, suffix, problems);
        return problems.Count == 0 ? new StorageConnection(accountName, accountKey, tableEndpoint!, queueEndpoint!) : null;
    }

    private static Uri? Endpoint(
        Dictionary<string, string> settings, string setting, string service, string protocol, string? accountName,
        string suffix, List<string> problems)
    {
        if (settings.TryGetValue(setting, out var explicitEndpoint))
        {
            if (Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out var endpoint)
                && endpoint.Scheme is "http" or "https" && endpoint.Query.Length == 0)
                return new Uri(endpoint.AbsoluteUri.TrimEnd('/'));
            problems.Add($"{setting} '{explicitEndpoint}' is not an absolute http or https address without a query");
            return null;
        }

        if (accountName is null)
        {
            problems.Add($"AccountName is missing: it is needed to build the {service} endpoint (or give {setting})");
            return null;
        }

        return new Uri($"{protocol}://{accountName}.{service}.{suffix}");
    }

    private static bool IsValidAccountName(string name) =>
        name.Length is >= 3 and <= 24 && name.All(character => char.IsAsciiLetterLower(character) || char.IsAsciiDigit(character));

    private static byte[]? DecodeKey(string encodedKey)
    {
        var buffer = new byte[encodedKey.Length];
        return encodedKey.Length > 0 && Convert.TryFromBase64String(encodedKey, buffer, out var written)
            ? buffer[..written]
            : null;
    }
}
