using Feedback.Cli.Load;
using Feedback.Cli.Report;
using Feedback.Storage.Connection;

namespace Feedback.Cli.Tests.Report;

public class MarkdownReportTests
{
    private static readonly MachineFigures Machine = new("Test CPU @ 2.0GHz", 2, 7.8, "Debian GNU/Linux 12", ".NET 10.0.0", "v20.20.2", "3.35.0", "0.50, 0.40, 0.30", "1.50, 1.40, 1.30");

    [Fact]
    public void Every_figure_and_the_machine_are_in_the_report()
    {
        var markdown = MarkdownReport.Render(Sample([new Check("stored once", true, "1000 accepted")], [new DrillResult("azurite-restart", "Azurite is killed.", 42, [new Check("503 while Azurite is down", true, "12 requests")])]));

        foreach (var section in (string[])["## Machine", "## Classifier", "## End to end against raw storage", "## Load scenarios", "## Memory of the running app", "## Fault drills", "## How to reproduce"])
            Assert.Contains(section, markdown, StringComparison.Ordinal);
        Assert.Contains("Test CPU @ 2.0GHz", markdown, StringComparison.Ordinal);
        Assert.Contains("3.35.0", markdown, StringComparison.Ordinal);
        Assert.Contains("1.50, 1.40, 1.30", markdown, StringComparison.Ordinal);
        Assert.Contains("12,345 classifications/s", markdown, StringComparison.Ordinal);
        Assert.Contains("| sustained | 1000 | 1000 | 100 | 99.5 | 4.1 / 9.2 / 15.3 | 120.5 / 300 / 450.2 | 80.2 | PASS |", markdown, StringComparison.Ordinal);
        Assert.Contains("**0.200**", markdown, StringComparison.Ordinal);
        Assert.Contains("**210.5 MiB**", markdown, StringComparison.Ordinal);
        Assert.Contains("| azurite-restart | PASS | 42 |", markdown, StringComparison.Ordinal);
        Assert.Contains("Verdict: **PASS**", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_check_marks_its_drill_and_the_verdict()
    {
        var markdown = MarkdownReport.Render(Sample([new Check("stored once", true, "ok")], [new DrillResult("app-restart", "The app is killed.", 10, [new Check("processed", false, "990 of 1000 routed")])]));

        Assert.Contains("Verdict: **FAIL**", markdown, StringComparison.Ordinal);
        Assert.Contains("| app-restart | FAIL | 10 |", markdown, StringComparison.Ordinal);
        Assert.Contains("- **FAIL** processed: 990 of 1000 routed", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_counted_scenario_shows_its_requests_per_message_and_by_kind()
    {
        var spent = new StorageRequestCounts(
            new(new Dictionary<string, long> { ["batch"] = 200, ["point-read"] = 1000, ["insert"] = 800 }),
            new(new Dictionary<string, long> { ["send"] = 500, ["receive"] = 100, [StorageRequestCounts.EmptyReceive] = 40 }));
        var sample = Sample([new Check("stored once", true, "ok")], []);
        var counted = sample with { Load = [sample.Load[0] with { RequestsPerMessage = RequestsPerMessage.Of(spent, 500), Requests = spent }] };

        var markdown = MarkdownReport.Render(counted);

        Assert.Contains("## Storage requests per message", markdown, StringComparison.Ordinal);
        Assert.Contains("| sustained | 4 | 1.2 | **5.2** | point-read 1,000, insert 800, batch 200 | send 500, receive 100, receive-empty 40 |", markdown, StringComparison.Ordinal);
    }

    private static BenchmarkReport Sample(IReadOnlyList<Check> loadChecks, IReadOnlyList<DrillResult> drills) => new(
        new DateTimeOffset(2025, 11, 22, 1, 0, 0, TimeSpan.Zero),
        14.2,
        "full",
        "./feedback report",
        Machine,
        new ClassifierFigures(12_345, 8.5, 250_000),
        401,
        [new LoadFigures("sustained", "Web and SMS.", 1000, 1000, 100, 99.5, new Percentiles(4.1, 9.2, 15.3), new Percentiles(120.5, 300, 450.2), 80.2, loadChecks)],
        new ProcessMemory(210.5, 180),
        drills,
        ["A note."]);
}
