using System.Diagnostics;
using Feedback.Functions.Configuration;
using Microsoft.Extensions.Configuration;

namespace Feedback.Functions.Tests.Configuration;

public class SettingsTests
{
    private static PipelineSettings Valid() => new()
    {
        Mode = HostingMode.Local,
        StorageConnectionString = "UseDevelopmentStorage=true",
        SmsInboundSecret = new string('s', 40),
        PhoneEncryptionKey = Convert.ToBase64String(new byte[32]),
        PhoneLookupKey = Convert.ToBase64String(new byte[32]),
    };

    public static TheoryData<Action<PipelineSettings>, string> BrokenSettings() => new()
    {
        { settings => settings.SmsInboundSecret = null, "SmsInboundSecret is required" },
        { settings => settings.SmsInboundSecret = "short", "SmsInboundSecret must be at least 32 characters" },
        { settings => settings.PhoneEncryptionKey = null, "PhoneEncryptionKey is required" },
        { settings => settings.PhoneEncryptionKey = "bm90IDMyIGJ5dGVz", "PhoneEncryptionKey must be base64 of exactly 32 bytes" },
        { settings => settings.PhoneLookupKey = "not base64 at all!", "PhoneLookupKey must be base64 of exactly 32 bytes" },
        { settings => settings.StorageConnectionString = " ", "StorageConnectionString is required in Local mode" },
        { settings => settings.Mode = null, "Mode is required: Local" },
        { settings => settings.ForwardedHops = -1, "ForwardedHops must be from 0 to 4" },
        { settings => settings.ClassifierModelPath = "/no/such/model.fbm", "ClassifierModelPath names a file that does not exist" },
        { settings => settings.IntakeLingerMilliseconds = -1, "IntakeLingerMilliseconds must be from 0 to 1,000" },
        { settings => settings.IntakeLingerMilliseconds = 5000, "IntakeLingerMilliseconds must be from 0 to 1,000" },
    };

    [Fact]
    public void Valid_settings_have_no_problem() => Assert.Empty(Valid().Validate());

    [Theory]
    [MemberData(nameof(BrokenSettings))]
    public void A_broken_setting_is_named(Action<PipelineSettings> breakIt, string expected)
    {
        var settings = Valid();
        breakIt(settings);

        var problem = Assert.Single(settings.Validate());

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_mode_needs_the_storage_account_the_service_bus_namespace_and_kavenegar()
    {
        var settings = Valid();
        settings.Mode = HostingMode.Azure;

        var problems = settings.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, problem => problem.Contains("StorageAccountName", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("ServiceBusNamespace", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("Kavenegar:ApiKey", StringComparison.Ordinal));
    }

    /// <summary>The deployment's default address (main.bicep: https://func-{prefix}-{province}-{environment}-{suffix}.azurewebsites.net/), with the default names and the longest ones.</summary>
    [Theory]
    [InlineData("https://func-feedback-zanjan-prod-abc123.azurewebsites.net/")]
    [InlineData("https://func-feedbackzanj-kohgiluyeh-boyer-ahmad-prod-abc123.azurewebsites.net/")]
    public void The_deployments_own_address_is_a_valid_public_base_url(string address)
    {
        var settings = Valid();
        settings.PublicBaseUrl = address;

        Assert.Empty(settings.Validate());
    }

    [Fact]
    public void Kavenegar_needs_a_delivery_report_secret()
    {
        var settings = Valid();
        settings.Kavenegar.ApiKey = "an-api-key";

        var problems = settings.Validate();

        Assert.Equal(["Feedback:SmsDeliverySecret is required with Kavenegar, at least 32 characters"], problems);
    }

    [Fact]
    public void Kavenegar_is_reached_over_https_outside_local_mode()
    {
        var settings = Valid();
        settings.Mode = HostingMode.Azure;
        settings.StorageAccountName = "stfeedback";
        settings.ServiceBusNamespace = "sb-feedback.servicebus.windows.net";
        settings.SmsDeliverySecret = new string('d', 40);
        settings.Kavenegar.ApiKey = "an-api-key";
        settings.Kavenegar.BaseAddress = "http://api.kavenegar.com/";

        Assert.Equal(["Feedback:Kavenegar:BaseAddress must be https outside Local mode (the API key travels in its path)"], settings.Validate());
    }

    [Fact]
    public void Forwarded_addresses_are_believed_from_one_hop_in_azure_and_from_none_locally()
    {
        var settings = Valid();
        Assert.Equal(0, settings.TrustedForwardedHops);
        settings.Mode = HostingMode.Azure;
        Assert.Equal(1, settings.TrustedForwardedHops);
        settings.ForwardedHops = 2;
        Assert.Equal(2, settings.TrustedForwardedHops);
    }

    [Theory]
    [InlineData("QuietHoursStart", "25:00")]
    [InlineData("QuietHoursEnd", "22:00")]
    [InlineData("PublicBaseUrl", "ftp://example.org/")]
    [InlineData("PublicBaseUrl", "https://feedback-for-the-citizens-of-the-province.zanjan.example.org/citizens/feedback/")]
    [InlineData("DailySmsCap", "0")]
    [InlineData("SmsPausedRetryMinutes", "0")]
    [InlineData("SmsPausedRetryMinutes", "1441")]
    public void Sms_rules_are_checked(string setting, string value)
    {
        var settings = Valid();
        switch (setting)
        {
            case "QuietHoursStart": settings.QuietHoursStart = value; break;
            case "QuietHoursEnd": settings.QuietHoursEnd = value; break;
            case "PublicBaseUrl": settings.PublicBaseUrl = value; break;
            case "SmsPausedRetryMinutes": settings.SmsPausedRetryMinutes = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: settings.DailySmsCap = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var problem = Assert.Single(settings.Validate());

        Assert.Contains(setting, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_process_refuses_to_start_and_names_every_missing_setting()
    {
        var (exitCode, printed) = await StartAppAsync(new()
        {
            ["Feedback__Mode"] = "",
            ["Feedback__StorageConnectionString"] = "UseDevelopmentStorage=true",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Feedback:Mode is required", printed, StringComparison.Ordinal);
        Assert.Contains("SmsInboundSecret is required", printed, StringComparison.Ordinal);
        Assert.Contains("PhoneEncryptionKey is required", printed, StringComparison.Ordinal);
        Assert.Contains("PhoneLookupKey is required", printed, StringComparison.Ordinal);
    }

    /// <summary>
    /// What App Service leaves in a setting whose Key Vault reference it could not resolve: the reference itself,
    /// long enough to pass as a 32-character webhook secret.
    /// </summary>
    [Fact]
    public async Task The_app_process_refuses_to_start_on_an_unresolved_key_vault_reference_and_names_it()
    {
        const string Unresolved = "@Microsoft.KeyVault(VaultName=kvfeedbackzanjanpro1a2b3c;SecretName=sms-delivery-secret)";
        var (exitCode, printed) = await StartAppAsync(new()
        {
            ["Feedback__Mode"] = "Local",
            ["Feedback__StorageConnectionString"] = "UseDevelopmentStorage=true",
            ["Feedback__SmsInboundSecret"] = Unresolved.Replace("sms-delivery-secret", "sms-inbound-secret", StringComparison.Ordinal),
            ["Feedback__PhoneEncryptionKey"] = Convert.ToBase64String(new byte[32]),
            ["Feedback__PhoneLookupKey"] = Convert.ToBase64String(new byte[32]),
            ["Feedback__Kavenegar__ApiKey"] = "an-api-key",
            ["Feedback__SmsDeliverySecret"] = Unresolved,
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Feedback__SmsInboundSecret is an unresolved Key Vault reference", printed, StringComparison.Ordinal);
        Assert.Contains("Feedback__SmsDeliverySecret is an unresolved Key Vault reference", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_setting_holding_a_key_vault_reference_is_named_and_resolved_ones_are_not()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feedback:Kavenegar:ApiKey"] = " @microsoft.keyvault(SecretUri=https://kv.vault.azure.net/secrets/kavenegar-api-key/)",
            ["SomethingElse"] = "@Microsoft.KeyVault(VaultName=kv;SecretName=other)",
            ["Feedback:SmsInboundSecret"] = new string('s', 40),
            ["Feedback:Note"] = "mentions @Microsoft.KeyVault( in the middle",
        }).Build();

        var problems = UnresolvedSecretReferences.Find(configuration);

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("Feedback__Kavenegar__ApiKey is an unresolved Key Vault reference", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("SomethingElse is an unresolved Key Vault reference", problems[1], StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Printed)> StartAppAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Feedback.Functions.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the app started although its settings are not usable");
        }
        return (process.ExitCode, await output + await error);
    }
}
