using System.Net;
using System.Net.Sockets;

namespace Feedback.Cli.Tests.Commands;

public class LoadtestCommandTests
{
    [Fact]
    public void An_app_that_is_not_running_is_a_clear_error_before_any_load()
    {
        var run = CliRun.Of("loadtest", "--url", $"http://127.0.0.1:{FreePort()}", "--count", "10", "--sms-secret", "unused", "--storage", "UseDevelopmentStorage=true");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("could not be reached", run.Error, StringComparison.Ordinal);
        Assert.Contains("./feedback run", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--count", "0", "--count")]
    [InlineData("--concurrency", "0", "--concurrency")]
    [InlineData("--rate", "-5", "--rate")]
    [InlineData("--url", "ftp://example.org", "--url")]
    public void Bad_options_are_clear_errors(string option, string value, string named)
    {
        var arguments = new Dictionary<string, string> { ["--url"] = "http://127.0.0.1:1", ["--sms-secret"] = "unused" };
        arguments[option] = value;

        var run = CliRun.Of(["loadtest", .. arguments.SelectMany(pair => new[] { pair.Key, pair.Value })]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SMS")]
    [InlineData("both")]
    [InlineData("")]
    public void A_channel_other_than_sms_web_or_mix_is_a_clear_error(string channel)
    {
        var run = CliRun.Of("loadtest", "--url", "http://127.0.0.1:1", "--sms-secret", "unused", "--channel", channel);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--channel '{channel}' is not one of sms, web, mix", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sms")]
    [InlineData("web")]
    [InlineData("mix")]
    public void Each_channel_is_accepted_and_the_run_goes_on_to_the_app(string channel)
    {
        var run = CliRun.Of("loadtest", "--url", $"http://127.0.0.1:{FreePort()}", "--count", "10", "--channel", channel, "--sms-secret", "unused", "--storage", "UseDevelopmentStorage=true");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("could not be reached", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--seconds", "600" }, "needs a --rate")]
    [InlineData(new[] { "--rate", "100", "--seconds", "600", "--count", "60000" }, "cannot both be given")]
    [InlineData(new[] { "--rate", "100", "--seconds", "0" }, "--seconds must be above 0")]
    public void A_duration_needs_a_rate_and_no_count(string[] options, string error)
    {
        var run = CliRun.Of(["loadtest", "--url", "http://127.0.0.1:1", "--sms-secret", "unused", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(error, run.Error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
