namespace Feedback.Storage.ServiceBus;

/// <summary>
/// Where the Service Bus namespace is and how to authenticate to it: either a connection string
/// (<c>Endpoint=sb://&lt;namespace&gt;.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…</c>, signed
/// with SAS) or just the fully-qualified namespace (<c>&lt;namespace&gt;.servicebus.windows.net</c>, authenticated with
/// Entra ID, e.g. the function app's managed identity). The key is never part of <see cref="ToString"/> or of
/// any error message.
/// </summary>
public sealed class ServiceBusConnection
{
    private const string EndpointKey = "Endpoint";
    private const string SharedAccessKeyNameKey = "SharedAccessKeyName";
    private const string SharedAccessKeyKey = "SharedAccessKey";

    private ServiceBusConnection(string fullyQualifiedNamespace, SharedAccessKeyCredential? sharedAccessKey)
    {
        FullyQualifiedNamespace = fullyQualifiedNamespace;
        SharedAccessKey = sharedAccessKey;
    }

    /// <summary>The namespace's host name, e.g. <c>contoso.servicebus.windows.net</c>.</summary>
    public string FullyQualifiedNamespace { get; }

    /// <summary>The HTTPS base address the REST API is reached at.</summary>
    public Uri Endpoint => new($"https://{FullyQualifiedNamespace}/");

    /// <summary>The SAS rule to sign with; null when the namespace is reached with an Entra ID token instead.</summary>
    internal SharedAccessKeyCredential? SharedAccessKey { get; }

    /// <summary>True for a connection string with a shared access key, false for a namespace reached with Entra ID.</summary>
    public bool UsesSharedAccessKey => SharedAccessKey is not null;

    /// <summary>
    /// Reads a setting that holds either a connection string (it contains <c>=</c>) or a fully-qualified namespace.
    /// </summary>
    /// <exception cref="ServiceBusConfigurationException">The value is empty or malformed; the message names what is wrong.</exception>
    public static ServiceBusConnection Parse(string? connectionStringOrNamespace)
    {
        if (string.IsNullOrWhiteSpace(connectionStringOrNamespace))
        {
            throw new ServiceBusConfigurationException(
                "No Service Bus connection string or namespace is configured: expected "
                + "'Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=<rule>;SharedAccessKey=<key>' "
                + "or '<namespace>.servicebus.windows.net' for managed identity.");
        }

        return connectionStringOrNamespace.Contains('=', StringComparison.Ordinal)
            ? FromConnectionString(connectionStringOrNamespace)
            : FromNamespace(connectionStringOrNamespace);
    }

    /// <summary>Reads <c>Endpoint=sb://…/;SharedAccessKeyName=…;SharedAccessKey=…</c>; other parts (EntityPath, …) are ignored.</summary>
    /// <exception cref="ServiceBusConfigurationException">A required part is missing or the endpoint is not a Service Bus address.</exception>
    public static ServiceBusConnection FromConnectionString(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = ReadParts(connectionString);

        var missing = new[] { EndpointKey, SharedAccessKeyNameKey, SharedAccessKeyKey }
            .Where(name => !parts.TryGetValue(name, out var value) || value.Length == 0)
            .ToList();
        if (missing.Count > 0)
        {
            throw new ServiceBusConfigurationException(
                $"The Service Bus connection string is missing {string.Join(", ", missing)}: expected "
                + "'Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=<rule>;SharedAccessKey=<key>'.");
        }

        var endpoint = parts[EndpointKey];
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri)
            || endpointUri.Scheme is not ("sb" or "https")
            || endpointUri.HostNameType != UriHostNameType.Dns)
        {
            throw new ServiceBusConfigurationException(
                $"The Service Bus connection string's Endpoint '{endpoint}' is not a namespace address such as "
                + "'sb://<namespace>.servicebus.windows.net/'.");
        }

        return new ServiceBusConnection(
            endpointUri.Host,
            new SharedAccessKeyCredential(parts[SharedAccessKeyNameKey], parts[SharedAccessKeyKey]));
    }

    /// <summary>
    /// A namespace reached with an Entra ID token: <c>contoso.servicebus.windows.net</c>, also accepted with an
    /// <c>sb://</c> or <c>https://</c> prefix and a trailing slash, as the portal shows it.
    /// </summary>
    /// <exception cref="ServiceBusConfigurationException">The value is not a host name.</exception>
    public static ServiceBusConnection FromNamespace(string fullyQualifiedNamespace)
    {
        ArgumentNullException.ThrowIfNull(fullyQualifiedNamespace);
        var candidate = fullyQualifiedNamespace.Trim();
        var host = Uri.TryCreate(candidate, UriKind.Absolute, out var asUri) && asUri.Scheme is "sb" or "https"
            ? asUri.Host
            : candidate.TrimEnd('/');

        if (Uri.CheckHostName(host) != UriHostNameType.Dns || !host.Contains('.', StringComparison.Ordinal))
        {
            throw new ServiceBusConfigurationException(
                $"'{candidate}' is not a fully-qualified Service Bus namespace such as 'contoso.servicebus.windows.net'.");
        }

        return new ServiceBusConnection(host, sharedAccessKey: null);
    }

    /// <summary>The namespace and the auth kind; never the key.</summary>
    public override string ToString() =>
        SharedAccessKey is { } key
            ? $"{FullyQualifiedNamespace} (shared access key '{key.KeyName}')"
            : $"{FullyQualifiedNamespace} (Entra ID)";

    private static Dictionary<string, string> ReadParts(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split at the first '=' only: base64 keys end in '=' padding.
            var separator = segment.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new ServiceBusConfigurationException(
                    "The Service Bus connection string has a part that is not 'Name=Value'.");
            }

            parts[segment[..separator].Trim()] = segment[(separator + 1)..].Trim();
        }

        return parts;
    }
}
