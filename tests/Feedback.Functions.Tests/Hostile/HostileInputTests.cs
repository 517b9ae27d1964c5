using System.Net;
using System.Text;
using Feedback.Functions.Tests.Privacy;
using Feedback.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Feedback.Functions.Tests.Hostile;

/// <summary>
/// More than 10,000 malformed or hostile requests over every endpoint the app maps (found at run time), methods it does
/// not map and paths it should not serve: no 5xx, no crash, problem details for every API error, nothing reflected or
/// leaked, and nothing stored from a rejected request. A failure names the seed and the requests, so it can be replayed
/// (set FEEDBACK_HOSTILE_SEED to explore other corpora).
/// </summary>
[Collection(Azurite.Collection)]
public sealed class HostileInputTests(HostileRun run, ITestOutputHelper output) : IClassFixture<HostileRun>
{
    private const int ShownExamples = 15;

    [Fact]
    public void The_corpus_covers_every_mapped_route_and_method_with_over_ten_thousand_requests()
    {
        output.WriteLine($"seed {run.Seed}: {run.Outcomes.Count} requests in {run.Duration.TotalSeconds:0.0} s\n{run.Summary()}");

        Assert.True(run.Outcomes.Count >= 10_000, $"only {run.Outcomes.Count} requests");
        foreach (var route in run.Surface.Routes)
        {
            foreach (var method in route.Methods)
                Assert.Contains(run.Outcomes, outcome => outcome.Request.Route == route.Pattern && outcome.Request.Method == method && !outcome.Request.Family.EndsWith("(unmapped method)", StringComparison.Ordinal));
            Assert.Contains(run.Outcomes, outcome => outcome.Request.Route == route.Pattern && outcome.Request.Family.EndsWith("(unmapped method)", StringComparison.Ordinal));
        }
        Assert.Contains(run.Outcomes, outcome => outcome.Request.Route is null);
    }

    /// <summary>Fails, until they are fixed, on the faults <see cref="ReportedBugTests"/> reduces to single requests.</summary>
    [Fact]
    public void Every_request_gets_an_answer_and_none_is_a_server_error()
    {
        Assert.True(
            Count(HostileVerdicts.NoAnswer, HostileVerdicts.ServerError) == 0,
            Report(HostileVerdicts.NoAnswer, HostileVerdicts.ServerError));
    }

    /// <summary>
    /// An unhandled exception is answered 500 by the exception handler and logged as an error: this finds it even where a
    /// 500 is allowed (a host-invocation endpoint answering the Functions host's retry contract). Fails, until they are
    /// fixed, on the faults <see cref="ReportedBugTests"/> reduces to single requests.
    /// </summary>
    [Fact]
    public void No_request_crashes_the_app_or_makes_it_log_an_error()
    {
        var errors = run.LogsByRequest
            .SelectMany(entry => entry.Value.Where(log => log.Level >= LogLevel.Error).Select(log => (Index: entry.Key, Log: log)))
            .OrderBy(error => error.Index)
            .ToArray();

        var report = new StringBuilder($"seed {run.Seed}: {errors.Length} error log entries while serving the corpus");
        foreach (var group in errors.GroupBy(error => Signature(error.Log)).Take(ShownExamples))
        {
            var (index, log) = group.First();
            report.Append($"\n\n{group.Count()}× {log}");
            if (index >= 0)
                report.Append($"\n  first from: {run.Outcomes[index]}");
        }
        Assert.True(errors.Length == 0, report.ToString());
    }

    [Fact]
    public void Every_client_error_under_api_is_problem_details()
    {
        Assert.Contains(run.Outcomes, outcome => outcome.Status is >= 400 and < 500 && outcome.Request.Route?.StartsWith("/api", StringComparison.Ordinal) == true);
        Assert.True(Count(HostileVerdicts.NotProblemDetails) == 0, Report(HostileVerdicts.NotProblemDetails));
    }

    [Fact]
    public void No_answer_reflects_markup_serves_a_template_or_a_file_outside_wwwroot_or_shows_a_stack_trace()
    {
        string[] rules = [HostileVerdicts.ReflectedMarkup, HostileVerdicts.TemplateServed, HostileVerdicts.NotAnAsset, HostileVerdicts.StackTrace];
        Assert.True(Count(rules) == 0, Report(rules));
    }

    [Fact]
    public void Nothing_is_stored_from_a_rejected_request()
    {
        var accepted = run.Outcomes.Count(outcome => outcome.IsAccepted);
        output.WriteLine($"seed {run.Seed}: {accepted} requests accepted; {run.ExplainedChanges} row changes accounted for by them");
        foreach (var table in Feedback.Functions.Tests.Hostile.AppTables.Names)
            output.WriteLine($"  {table}: {run.Before.CountIn(table)} rows before, {run.After.CountIn(table)} after");

        // The snapshots do see writes: those of the requests the app accepted.
        Assert.True(run.ExplainedChanges > 0, "no accepted request wrote a row the snapshots saw");
        var report = new StringBuilder($"seed {run.Seed}: {run.Unexplained.Count} row changes no accepted request accounts for");
        foreach (var (change, row) in run.Unexplained.Take(ShownExamples))
        {
            report.Append($"\n\n{change}: {row}");
            foreach (var suspect in run.InFlightAt(row))
                report.Append($"\n  in flight: {suspect.Request.Describe()}");
        }
        Assert.True(run.Unexplained.Count == 0, report.ToString());
    }

    [Fact]
    public void The_app_still_answers_health_after_the_corpus() =>
        Assert.Equal(HttpStatusCode.OK, run.HealthAfter);

    private int Count(params string[] rules) =>
        rules.Sum(rule => run.Broken.TryGetValue(rule, out var broken) ? broken.Count : 0);

    private string Report(params string[] rules)
    {
        var report = new StringBuilder($"seed {run.Seed} (replay with FEEDBACK_HOSTILE_SEED={run.Seed}):");
        foreach (var rule in rules)
        {
            if (!run.Broken.TryGetValue(rule, out var broken))
                continue;
            report.Append($"\n\n{rule}: {broken.Count} requests, by family: ");
            report.AppendJoin(", ", broken.GroupBy(outcome => outcome.Request.Family).OrderByDescending(group => group.Count()).Select(group => $"{group.Key} ×{group.Count()}"));
            foreach (var outcome in broken.DistinctBy(outcome => (outcome.Request.Route, outcome.Request.Method, outcome.Request.Family, outcome.Status)).Take(ShownExamples))
                report.Append($"\n\n{outcome}");
        }
        return report.ToString();
    }

    /// <summary>What makes two error entries the same fault: where they were logged and the first line of the exception.</summary>
    private static string Signature(CapturedLog log) => $"{log.Category}|{log.EventId.Id}|{log.Exception?.Split('\n')[0] ?? log.Message}";
}
