using System.Diagnostics;
using Feedback.Functions.Configuration;

namespace Feedback.Functions.Tests.Configuration;

public class SettingsTests
{
    private static PipelineSettings Valid() => new()
    {
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
    public void Azure_mode_needs_the_storage_account_and_the_service_bus_namespace()
    {
        var settings = Valid();
        settings.Mode = HostingMode.Azure;

        var problems = settings.Validate();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, problem => problem.Contains("StorageAccountName", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("ServiceBusNamespace", StringComparison.Ordinal));
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
        start.Environment["Feedback__Mode"] = "Local";
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
        Assert.Contains("SmsInboundSecret is required", printed, StringComparison.Ordinal);
        Assert.Contains("PhoneEncryptionKey is required", printed, StringComparison.Ordinal);
        Assert.Contains("PhoneLookupKey is required", printed, StringComparison.Ordinal);
    }
}
