using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Feedback.Cli.Report;

/// <summary>
/// Runs the hostile-input suite (tests/Feedback.Functions.Tests, namespace Hostile: the 12,000-request corpus over every
/// mapped route and the probe's findings, each against the in-process app and an Azurite of its own) through
/// <c>dotnet test</c>, and reads its counts from the results file.
/// </summary>
internal static partial class HostileSuite
{
    private const string Namespace = "Feedback.Functions.Tests.Hostile";

    public static async Task<List<Check>> RunAsync(RepositoryPaths paths, string workDirectory, CancellationToken cancellationToken)
    {
        var project = Path.Combine(paths.Root, "tests", "Feedback.Functions.Tests", "Feedback.Functions.Tests.csproj");
        var results = Path.Combine(workDirectory, "hostile-suite");
        var assembly = Path.Combine(paths.Root, "tests", "Feedback.Functions.Tests", "bin", "Release", "net10.0", "Feedback.Functions.Tests.dll");
        var arguments = new List<string> { "test", project, "-c", "Release", "--nologo", "--filter", $"FullyQualifiedName~{Namespace}.", "--logger", "trx;LogFileName=hostile.trx", "--results-directory", results };
        if (File.Exists(assembly))
            arguments.Add("--no-build");
        var exit = await DotnetAsync(arguments, paths.Root, cancellationToken);

        var trx = Path.Combine(results, "hostile.trx");
        if (!File.Exists(trx))
            return [new Check("the hostile-input suite ran", false, $"dotnet test exited {exit} and wrote no results ({trx})")];
        var (total, passed, failed, corpus) = Read(XDocument.Load(trx));
        return
        [
            new Check("the hostile-input suite passes", exit == 0 && total > 0 && failed == 0,
                $"{passed} of {total} tests passed, {failed} failed (`dotnet test --filter FullyQualifiedName~{Namespace}.`; dotnet test exited {exit})"),
            new Check("its corpus sent over 10,000 requests", corpus is { Requests: >= 10_000 },
                corpus is null ? "the corpus test wrote no summary" : $"seed {corpus.Seed}: {corpus.Requests:N0} requests in {corpus.Seconds} s"),
        ];
    }

    private sealed record CorpusSummary(string Seed, int Requests, string Seconds);

    private static (int Total, int Passed, int Failed, CorpusSummary? Corpus) Read(XDocument trx)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var counters = trx.Descendants(ns + "Counters").First();
        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0", CultureInfo.InvariantCulture);
        var corpus = trx.Descendants(ns + "StdOut")
            .Select(output => CorpusLine().Match(output.Value))
            .Where(match => match.Success)
            .Select(match => new CorpusSummary(match.Groups["seed"].Value, int.Parse(match.Groups["requests"].Value, CultureInfo.InvariantCulture), match.Groups["seconds"].Value))
            .FirstOrDefault();
        return (Count("total"), Count("passed"), Count("failed") + Count("error"), corpus);
    }

    private static async Task<int> DotnetAsync(IEnumerable<string> arguments, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new CliException("dotnet test did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }

    // Written by HostileInputTests' corpus test: "seed 20260521: 12000 requests in 61.3 s".
    [GeneratedRegex(@"seed (?<seed>-?\d+): (?<requests>\d+) requests in (?<seconds>[\d.]+) s")]
    private static partial Regex CorpusLine();
}
