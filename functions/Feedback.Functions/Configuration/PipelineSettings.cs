namespace Feedback.Functions.Configuration;

/// <summary>Where the app runs: on a developer's machine against Azurite, or in Azure behind the Functions host.</summary>
public enum HostingMode
{
    Local,
    Azure,
}

/// <summary>
/// Every setting the app reads, bound from configuration (local.settings.json's Values, app settings in
/// Azure, environment variables with "__" for ":"). <see cref="Validate"/> names each one that is
/// missing or invalid, so the app refuses to start with a message a person can act on.
/// </summary>
public sealed class PipelineSettings
{
    public const string Section = "Feedback";

    public HostingMode Mode { get; set; } = HostingMode.Local;

    /// <summary>The province this deployment serves (each province runs its own); SMS from its lines are its citizens'.</summary>
    public string Province { get; set; } = Feedback.Core.Routing.Provinces.ZanjanKey;

    /// <summary>Local mode: a Storage connection string (Azurite's "UseDevelopmentStorage=true" by default).</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>Azure mode: the storage account whose tables the app uses through its managed identity.</summary>
    public string? StorageAccountName { get; set; }

    /// <summary>Azure mode: the Service Bus namespace, e.g. sb-feedback-zanjan.servicebus.windows.net.</summary>
    public string? ServiceBusNamespace { get; set; }

    /// <summary>The secret in Kavenegar's inbound-SMS forwarding URL (/api/sms/inbound/{secret}); 32 characters or more.</summary>
    public string? SmsInboundSecret { get; set; }

    /// <summary>Base64 of 32 random bytes: encrypts phone numbers at rest (AES-GCM).</summary>
    public string? PhoneEncryptionKey { get; set; }

    /// <summary>Base64 of 32 random bytes: keys the hash that finds a phone's items without decrypting.</summary>
    public string? PhoneLookupKey { get; set; }

    /// <summary>Web requests a client (by IP address) may make per minute before it gets 429.</summary>
    public int WebRequestsPerMinute { get; set; } = 60;

    /// <summary>The classifier's model file; empty for the one shipped beside the app.</summary>
    public string? ClassifierModelPath { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Mode == HostingMode.Local && string.IsNullOrWhiteSpace(StorageConnectionString))
            problems.Add($"{Section}:StorageConnectionString is required in Local mode (e.g. UseDevelopmentStorage=true)");
        if (Mode == HostingMode.Azure)
        {
            if (string.IsNullOrWhiteSpace(StorageAccountName))
                problems.Add($"{Section}:StorageAccountName is required in Azure mode");
            if (string.IsNullOrWhiteSpace(ServiceBusNamespace))
                problems.Add($"{Section}:ServiceBusNamespace is required in Azure mode");
        }
        if (Feedback.Core.Routing.Provinces.Find(Province) is null)
            problems.Add($"{Section}:Province '{Province}' is not a province key (e.g. zanjan, tehran)");
        if (string.IsNullOrWhiteSpace(SmsInboundSecret))
            problems.Add($"{Section}:SmsInboundSecret is required");
        else if (SmsInboundSecret.Length < 32)
            problems.Add($"{Section}:SmsInboundSecret must be at least 32 characters");
        if (WebRequestsPerMinute < 1)
            problems.Add($"{Section}:WebRequestsPerMinute must be at least 1");
        CheckKey(problems, nameof(PhoneEncryptionKey), PhoneEncryptionKey);
        CheckKey(problems, nameof(PhoneLookupKey), PhoneLookupKey);
        if (!string.IsNullOrWhiteSpace(ClassifierModelPath) && !File.Exists(ClassifierModelPath))
            problems.Add($"{Section}:ClassifierModelPath names a file that does not exist");
        return problems;
    }

    private static void CheckKey(List<string> problems, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{Section}:{name} is required (base64 of 32 random bytes: openssl rand -base64 32)");
            return;
        }
        var bytes = new byte[64];
        if (!Convert.TryFromBase64String(value, bytes, out var length) || length != 32)
            problems.Add($"{Section}:{name} must be base64 of exactly 32 bytes (openssl rand -base64 32)");
    }
}
