using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Feedback.Cli.Report;

namespace Feedback.Cli.Commands;

/// <summary>
/// `feedback report`: starts Azurite, the Kavenegar stand-in and the app in a temporary folder, runs the classifier
/// benchmark, the load scenarios and the fault drills, and writes every figure and verdict to docs/benchmarks.md.
/// Exits 1 when any check fails (the report is still written, the failures marked).
/// </summary>
public static class ReportCommand
{
    public static readonly IReadOnlyList<string> Parts = ["benchmarks", "load", "sustained", "azurite-restart", "kavenegar-faults", "inbound-outage", "poison-message", "app-restart", "security"];

    public static Command Create(CliConsole console)
    {
        var quick = new Option<bool>("--quick") { Description = "A version of about two minutes, with small counts (tests, CI)" };
        var output = new Option<string?>("--output") { Description = "The markdown file to write. Default: docs/benchmarks.md of the repository" };
        var json = new Option<bool>("--json") { Description = "Also print the figures as one JSON object on stdout" };
        var sustained = new Option<double?>("--sustained-seconds") { Description = "How long the sustained scenario runs at the target rate (e.g. 600 for the ten-minute run). Default: 60, or 5 with --quick" };
        var rate = new Option<double?>("--sustained-rate") { Description = "Requests a second the sustained scenario offers. Default: 100, the target rate" };
        var only = new Option<string[]>("--only") { Description = $"Run only these parts: {string.Join(", ", Parts)} (the sustained scenario alone: with --sustained-seconds 600, the ten-minute soak)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("report", "Run the benchmarks, load scenarios and fault drills against a pipeline of its own, and write docs/benchmarks.md") { quick, output, json, sustained, rate, only };
        command.SetAction((parse, token) => RunAsync(console, parse.GetValue(quick), parse.GetValue(output), parse.GetValue(json), parse.GetValue(sustained), parse.GetValue(rate), parse.GetValue(only), token));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, bool quick, string? output, bool json, double? sustainedSeconds, double? sustainedRate, string[]? only, CancellationToken cancellationToken)
    {
        var parts = (only ?? []).SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        if (parts.FirstOrDefault(part => !Parts.Contains(part)) is { } unknown)
            throw new CliException($"--only: '{unknown}' is not one of {string.Join(", ", Parts)}");
        if (parts.Count == 0)
            parts = [.. Parts];
        var paths = RepositoryPaths.Find() ?? throw new CliException("run report from inside the repository (it starts the repository's Azurite and app)");
        var outputPath = Path.GetFullPath(output ?? Path.Combine(paths.Root, "docs", "benchmarks.md"));
        var size = quick ? ReportSize.Quick : ReportSize.Full;
        if (sustainedSeconds is { } seconds)
        {
            if (seconds is < 1 or > 7200)
                throw new CliException("--sustained-seconds must be from 1 to 7,200");
            size = size.WithSustainedSeconds(seconds);
        }
        if (sustainedRate is { } perSecond)
        {
            if (perSecond is < 1 or > 1000)
                throw new CliException("--sustained-rate must be from 1 to 1,000 requests a second");
            size = size.WithSustainedRate(perSecond);
        }
        var progress = json ? console.Error : console.Out;
        var started = DateTimeOffset.UtcNow;
        var loadAtStart = MachineInfo.LoadAverage();
        var clock = Stopwatch.StartNew();

        var work = Directory.CreateTempSubdirectory("feedback-report-");
        ClassifierFigures? classifier = null;
        double? rawInserts = null;
        ProcessMemory? memory = null;
        var load = new List<LoadFigures>();
        var drills = new List<DrillResult>();
        try
        {
            progress.WriteLine($"report ({size.Name}): starting Azurite and the Kavenegar stand-in in {work.FullName}…");
            await using var pipeline = await LocalPipeline.StartAsync(paths, work.FullName, cancellationToken);
            using var suite = new ReportSuite(pipeline, size, progress);
            if (parts.Contains("benchmarks"))
                classifier = suite.Classifier();
            if (parts.Contains("load"))
            {
                rawInserts = Math.Round(await suite.RawInsertRateAsync(cancellationToken), 1);
                load.Add(await suite.SustainedAsync(cancellationToken));
                load.Add(await suite.BurstAsync(cancellationToken));
                load.Add(await suite.MixAsync(cancellationToken));
                load.Add(await suite.CountedAsync(cancellationToken));
                memory = suite.AppMemory();
            }
            else if (parts.Contains("sustained"))
            {
                rawInserts = Math.Round(await suite.RawInsertRateAsync(cancellationToken), 1);
                load.Add(await suite.SustainedAsync(cancellationToken));
                memory = suite.AppMemory();
            }
            if (parts.Contains("azurite-restart"))
                drills.Add(await suite.AzuriteRestartAsync(cancellationToken));
            if (parts.Contains("kavenegar-faults"))
                drills.Add(await suite.KavenegarFaultsAsync(cancellationToken));
            if (parts.Contains("inbound-outage"))
                drills.Add(await suite.InboundOutageAsync(cancellationToken));
            if (parts.Contains("poison-message"))
                drills.Add(await suite.PoisonMessageAsync(cancellationToken));
            if (parts.Contains("app-restart"))
                drills.Add(await suite.AppRestartAsync(cancellationToken));
            if (parts.Contains("security"))
                drills.Add(await suite.SecurityAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("report: cancelled; Azurite, the stand-in and the app it started are stopped, no report was written");
            return ExitCodes.Failure;
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Azurite may still be closing a file: the temporary folder is the system's to clean then.
            }
        }

        static string Given(string option, double? value) => value is { } given ? $" {option} {given.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";
        var command = $"./feedback report{(quick ? " --quick" : "")}{Given("--sustained-seconds", sustainedSeconds)}{Given("--sustained-rate", sustainedRate)}{(only is { Length: > 0 } ? $" --only {string.Join(',', parts)}" : "")}";
        var report = new BenchmarkReport(started, Math.Round(clock.Elapsed.TotalMinutes, 1), size.Name, command, MachineInfo.Read(paths, loadAtStart), classifier, rawInserts, load, memory, drills, Notes);
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        await File.WriteAllTextAsync(outputPath, MarkdownReport.Render(report), cancellationToken);
        progress.WriteLine($"{(report.Passed ? "PASS" : "FAIL")}: wrote {outputPath}");
        if (json)
            console.Out.WriteLine(JsonSerializer.Serialize(report, JsonSerializerOptions.Web));
        return report.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static readonly string[] Notes =
    [
        "Every load scenario and drill starts on empty storage with a freshly started app. Azurite's table store finds an entity by scanning its partition (a CPU profile of azurite-table after 8,000 messages spent 37% of its time in those scans), so on one shared storage each scenario ran slower than the one before: four successive runs of 2,000 messages went from 87 to 37 messages/s. Table Storage looks an entity up by its keys.",
        "Intake latency is counted from each request's due time (open loop), so a slow app shows as latency, not as a lower offered rate.",
        "Queue lag is from an item's receipt (stored, then enqueued) to its routing, as the item's history records them; end to end is routed items per second from the scenario's first request to its last routing.",
        "Trend counts are checked exactly: every routed item has its marker in TrendCounters, and the counters add up to the number of markers.",
        "The managed heap of the app is not reported: reading it from outside the process needs the diagnostics client (Microsoft.Diagnostics.NETCore.Client), which this project's registry does not serve; the peak resident set is.",
        "The Azurite drill stops Azurite with SIGINT, not SIGKILL: Azurite's table store (LokiJS) saves to disk every 5 s, so a SIGKILL loses writes Azurite had already acknowledged (a trial run lost 38 of 241 accepted items that way). That is Azurite's durability, not the pipeline's; Azure Table Storage acknowledges only durable writes.",
        "418 (credit exhausted) pauses sending for Feedback__SmsPausedRetryMinutes (15 minutes by default); the report's app pauses 30 s, so the drill sees the acknowledgement wait and then go out once.",
    ];
}
