namespace Feedback.Cli.Tests.Report;

/// <summary>
/// Runs `feedback report --quick` end to end: it starts its own Azurite and app (the app must be built: the solution build
/// does it before the tests run), so it takes a few minutes. It runs the load scenarios and the Azurite restart drill.
/// </summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("feedback-report-test-");

    [Fact]
    public void A_quick_report_runs_the_load_and_the_azurite_drill_and_writes_their_figures()
    {
        var output = Path.Combine(directory.FullName, "benchmarks.md");

        var run = CliRun.Of("report", "--quick", "--sustained-seconds", "3", "--sustained-rate", "50", "--only", "load,azurite-restart", "--output", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var markdown = File.ReadAllText(output);
        foreach (var expected in (string[])["## Machine", "| sustained |", "| burst |", "SMS only, as the provider forwards", "| mix |", "| counted |", "## Storage requests per message", "PASS request counts match Azurite's log", "Raw Azurite table inserts", "Peak resident set", "| azurite-restart | PASS |", "Verdict: **PASS**", "open loop at 50/s for 3 s", "./feedback report --quick --sustained-seconds 3 --sustained-rate 50 --only load,azurite-restart"])
            Assert.Contains(expected, markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("**FAIL**", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_part_is_a_clear_error_before_anything_starts()
    {
        var run = CliRun.Of("report", "--quick", "--only", "load,everything", "--output", Path.Combine(directory.FullName, "never.md"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'everything'", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory.FullName, "never.md")));
    }

    [Theory]
    [InlineData("--sustained-seconds", "0")]
    [InlineData("--sustained-seconds", "ten")]
    [InlineData("--sustained-rate", "0")]
    [InlineData("--sustained-rate", "5000")]
    [InlineData("--sustained-rate", "fast")]
    public void A_sustained_time_or_rate_out_of_range_is_a_clear_error_before_anything_starts(string option, string value)
    {
        var run = CliRun.Of("report", "--quick", option, value, "--output", Path.Combine(directory.FullName, "never.md"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory.FullName, "never.md")));
    }

    public void Dispose() => directory.Delete(recursive: true);
}
