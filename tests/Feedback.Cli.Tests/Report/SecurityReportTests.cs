namespace Feedback.Cli.Tests.Report;

/// <summary>
/// Runs `feedback report --quick --only security` end to end: the outside probes against an app of its own, the search
/// of its storage and log for personal data, and the hostile-input suite through dotnet test. A class apart from
/// <see cref="ReportCommandTests"/>, so that xunit runs the two long reports side by side.
/// </summary>
public sealed class SecurityReportTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("feedback-report-test-");

    [Fact]
    public void The_security_part_runs_the_probes_checks_the_hostile_suite_and_finds_no_personal_data_on_disk()
    {
        var output = Path.Combine(directory.FullName, "security.md");

        var run = CliRun.Of("report", "--quick", "--only", "security", "--output", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var markdown = File.ReadAllText(output);
        foreach (var expected in (string[])["| security | PASS |", "spoofed X-Forwarded-For gets no fresh budget", "a forged X-MS-CLIENT-PRINCIPAL names nobody", "a stalled body is a 408", "a chunked 420 KB form is refused", ": 0 found", "PASS the hostile-input suite passes", " failed (`dotnet test --filter FullyQualifiedName~Feedback.Functions.Tests.Hostile.`", "PASS its corpus sent over 10,000 requests"])
            Assert.Contains(expected, markdown, StringComparison.Ordinal);
    }

    public void Dispose() => directory.Delete(recursive: true);
}
