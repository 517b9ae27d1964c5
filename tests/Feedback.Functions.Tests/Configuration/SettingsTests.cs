using System.Diagnostics;
using Feedback.Functions.Configuration;

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
    [InlineData("PublicBaseUrl", "https://a-very-long-host-name.example.org/feedback/")]
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
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Feedback.Functions.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Feedback__Mode"] = "";
        start.Environment["Feedback__StorageConnectionString"] = "UseDevelopmentStorage=true";
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
            Assert.Fail("the app started although required settings are missing");
        }

        var printed = await output + await error;
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("Feedback:Mode is required", printed, StringComparison.Ordinal);
        Assert.Contains("SmsInboundSecret is required", printed, StringComparison.Ordinal);
        Assert.Contains("PhoneEncryptionKey is required", printed, StringComparison.Ordinal);
        Assert.Contains("PhoneLookupKey is required", printed, StringComparison.Ordinal);
    }
}
