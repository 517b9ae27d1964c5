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

    /// <summary>
    /// Required, never defaulted: Local mode opens the demo sign-in and the developer phone, so a deployment that
    /// forgot the setting must not fall into it.
    /// </summary>
    public HostingMode? Mode { get; set; }

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

    /// <summary>
    /// How long an intake batch waits for company after its first item (<see cref="Feedback.Core.Intake.IntakeBatches"/>):
    /// items within it share one table transaction and one queue message; 0 stores each as it comes; at most 1,000.
    /// </summary>
    public double IntakeLingerMilliseconds { get; set; } = Feedback.Core.Intake.IntakeBatches.DefaultLinger.TotalMilliseconds;

    /// <summary>Look-ups of tracking codes that do not exist a client may make per hour: codes are not to be enumerated.</summary>
    public int UnknownCodeLookupsPerHour { get; set; } = 30;

    /// <summary>Look-ups of unknown tracking codes all clients together may make per minute (enumeration from many addresses).</summary>
    public int UnknownCodeLookupsPerMinute { get; set; } = 300;

    /// <summary>
    /// Proxies in front of the app whose X-Forwarded-For is believed, from loopback only. Empty: 1 in Azure mode (the
    /// Functions host relays the front end's header, to which the front end appends the caller's address), 0 locally
    /// (nothing is in front of a local run, so a client's own X-Forwarded-For would be believed).
    /// </summary>
    public int? ForwardedHops { get; set; }

    /// <summary>The classifier's model file; empty for the one shipped beside the app.</summary>
    public string? ClassifierModelPath { get; set; }

    /// <summary>The deployment's public address (links in SMS point at its /status page), e.g. https://feedback.zanjan.ir/.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071/";

    /// <summary>Kavenegar's account for SMS. Without an API key (Local mode only) SMS go to the developer outbox instead.</summary>
    public KavenegarSettings Kavenegar { get; set; } = new();

    /// <summary>The secret in Kavenegar's delivery-report URL (/api/sms/delivery/{secret}); 32 characters or more, required with Kavenegar.</summary>
    public string? SmsDeliverySecret { get; set; }

    /// <summary>Quiet hours in Tehran time, "HH:mm": no SMS but confirmations is sent between them; the rest wait until the end.</summary>
    public string QuietHoursStart { get; set; } = "22:00";

    public string QuietHoursEnd { get; set; } = "08:00";

    /// <summary>SMS one phone may be sent per Tehran day (confirmations aside); more wait until the next morning.</summary>
    public int DailySmsCap { get; set; } = Feedback.Core.Notifications.DailyCap.DefaultLimit;

    /// <summary>Minutes sending pauses when Kavenegar answers that the account has no credit, is throttled or refuses the key; the SMS waits on its queue, then tries again.</summary>
    public double SmsPausedRetryMinutes { get; set; } = Feedback.Core.Notifications.SmsRules.Default.PausedRetryAfter.TotalMinutes;

    /// <summary>Minutes within which an item's status changes go out as one SMS with the latest state (0: every change at once).</summary>
    public double StatusSmsCoalesceMinutes { get; set; } = Feedback.Core.Notifications.SmsRules.DefaultStatusCoalescing.TotalMinutes;

    /// <summary>Days between two surveys of one phone.</summary>
    public int SurveyMinimumGapDays { get; set; } = 7;

    /// <summary>Hours after a survey during which an SMS from its phone is the survey's reply.</summary>
    public int SurveyReplyWindowHours { get; set; } = 72;

    /// <summary>How long a case waits for the citizen's answer to a staff question, its SLA clock stopped (hours, 1 to 336).</summary>
    public int CitizenQuestionWindowHours { get; set; } = 48;

    /// <summary>The hop count <see cref="ForwardedHops"/> resolves to for the mode.</summary>
    public int TrustedForwardedHops => ForwardedHops ?? (Mode == HostingMode.Azure ? 1 : 0);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Mode is null)
            problems.Add($"{Section}:Mode is required: Local (this machine, Azurite, demo sign-in and the developer phone) or Azure (behind the Functions host); set {Section}__Mode");
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
        if (UnknownCodeLookupsPerHour < 1 || UnknownCodeLookupsPerMinute < 1)
            problems.Add($"{Section}:UnknownCodeLookupsPerHour and UnknownCodeLookupsPerMinute must be at least 1");
        if (ForwardedHops is < 0 or > 4)
            problems.Add($"{Section}:ForwardedHops must be from 0 to 4");
        CheckKey(problems, nameof(PhoneEncryptionKey), PhoneEncryptionKey);
        CheckKey(problems, nameof(PhoneLookupKey), PhoneLookupKey);
        if (!string.IsNullOrWhiteSpace(ClassifierModelPath) && !File.Exists(ClassifierModelPath))
            problems.Add($"{Section}:ClassifierModelPath names a file that does not exist");
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var publicBase) || publicBase.Scheme is not ("http" or "https") || new Uri(publicBase, "status").AbsoluteUri.Length > Feedback.Core.Notifications.SmsTemplates.MaxStatusPageLength)
            problems.Add($"{Section}:PublicBaseUrl must be an http(s) address whose /status page is at most {Feedback.Core.Notifications.SmsTemplates.MaxStatusPageLength} characters (the acknowledgement SMS carries it whole beside the tracking code in {Feedback.Core.Notifications.SmsTemplates.MaxSegments} segments)");
        if (string.IsNullOrWhiteSpace(Kavenegar.ApiKey))
        {
            if (Mode == HostingMode.Azure)
                problems.Add($"{Section}:Kavenegar:ApiKey is required in Azure mode (only a local run may keep SMS in the developer outbox)");
        }
        else
        {
            if (SmsDeliverySecret is not { Length: >= 32 })
                problems.Add($"{Section}:SmsDeliverySecret is required with Kavenegar, at least 32 characters");
            if (!Uri.TryCreate(Kavenegar.BaseAddress, UriKind.Absolute, out var kavenegar) || kavenegar.Scheme is not ("http" or "https"))
                problems.Add($"{Section}:Kavenegar:BaseAddress must be an http(s) address");
            else if (Mode != HostingMode.Local && kavenegar.Scheme != "https")
                problems.Add($"{Section}:Kavenegar:BaseAddress must be https outside Local mode (the API key travels in its path)");
        }
        if (!TimeOnly.TryParseExact(QuietHoursStart, "HH:mm", out var quietStart) || !TimeOnly.TryParseExact(QuietHoursEnd, "HH:mm", out var quietEnd) || quietStart == quietEnd)
            problems.Add($"{Section}:QuietHoursStart and QuietHoursEnd must be two different times of day, HH:mm");
        if (DailySmsCap < 1)
            problems.Add($"{Section}:DailySmsCap must be at least 1");
        if (SmsPausedRetryMinutes is not (>= 0.1 and <= 1440))
            problems.Add($"{Section}:SmsPausedRetryMinutes must be from 0.1 to 1,440");
        if (StatusSmsCoalesceMinutes is not (>= 0 and <= 60))
            problems.Add($"{Section}:StatusSmsCoalesceMinutes must be from 0 to 60");
        if (SurveyMinimumGapDays < 0)
            problems.Add($"{Section}:SurveyMinimumGapDays must not be negative");
        if (SurveyReplyWindowHours < 1)
            problems.Add($"{Section}:SurveyReplyWindowHours must be at least 1");
        if (CitizenQuestionWindowHours is < 1 or > 336)
            problems.Add($"{Section}:CitizenQuestionWindowHours must be from 1 to 336");
        // Every citizen's answer waits up to the linger: more than a second would be felt.
        if (IntakeLingerMilliseconds is not (>= 0 and <= 1000))
            problems.Add($"{Section}:IntakeLingerMilliseconds must be from 0 to 1,000");
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

/// <summary>Kavenegar's account: the API key (a secret: Key Vault in Azure), the sending line, and the API's address (a stand-in in tests).</summary>
public sealed class KavenegarSettings
{
    public string? ApiKey { get; set; }

    public string? Sender { get; set; }

    /// <summary>The account's lines citizens write to, comma-separated, whose unread SMS FetchInboundSms reads; the sending line when empty.</summary>
    public string? ReceiveLines { get; set; }

    /// <summary>The receiving lines: <see cref="ReceiveLines"/>, or the sending line.</summary>
    public IReadOnlyList<string> Lines() =>
        (string.IsNullOrWhiteSpace(ReceiveLines) ? Sender ?? "" : ReceiveLines)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    public string BaseAddress { get; set; } = "https://api.kavenegar.com/";
}
