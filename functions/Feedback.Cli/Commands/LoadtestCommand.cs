using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Feedback.Cli.Load;
using Feedback.Storage.Items;

namespace Feedback.Cli.Commands;

/// <summary>
/// `feedback loadtest`: posts real corpus messages through the web and SMS intakes of a running instance
/// (--channel: both in turn, or one of them; every twentieth message, when an SMS, twice, as a provider
/// redelivery), waits until all are routed, checks in storage that every accepted tracking code has its item
/// and that no two messages share a code, and prints throughput and intake latency beside the raw table-insert
/// rate of the same storage, measured in the same run. An item processing marked failed counts as lost.
/// </summary>
public static class LoadtestCommand
{
    public static Command Create(CliConsole console)
    {
        var url = new Option<string>("--url") { Description = "The running app, e.g. http://localhost:7071", Required = true };
        var count = new Option<int?>("--count") { Description = "Messages to send. Default: 1000, or --rate × --seconds" };
        var seconds = new Option<double?>("--seconds") { Description = "With --rate: send for this long (e.g. --rate 100 --seconds 600, the ten-minute soak) instead of a --count" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once (with --rate: at most)", DefaultValueFactory = _ => 32 };
        var rate = new Option<double?>("--rate") { Description = "Send at this many requests/s (open loop, latency counted from each request's due time) instead of as fast as --concurrency allows" };
        var secret = new Option<string?>("--sms-secret") { Description = "The app's SMS inbound secret. Default: the one ./feedback run generated in .local/settings.env" };
        var storage = StorageOption.Create("The app's storage, to check what was stored");
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for processing to finish", DefaultValueFactory = _ => 300 };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object on stdout" };
        var channel = new Option<string>("--channel") { Description = "The intake messages go through: sms, web, or mix (the two in turn)", DefaultValueFactory = _ => "mix" };
        var command = new Command("loadtest", "Load a running instance through its intakes and check that every message was stored and processed once")
        {
            url, count, seconds, concurrency, rate, channel, secret, storage, timeout, json,
        };
        command.SetAction((parse, token) => RunAsync(
            console,
            new LoadtestOptions(AppAddress(parse.GetValue(url)!), Count(parse.GetValue(count), parse.GetValue(seconds), parse.GetValue(rate)), parse.GetValue(concurrency), parse.GetValue(rate), LoadChannels.Parse(parse.GetValue(channel)!), parse.GetValue(secret), parse.GetValue(storage), parse.GetValue(timeout), parse.GetValue(json)),
            token));
        return command;
    }

    /// <summary>The messages a run sends: --count, or --rate × --seconds; never both.</summary>
    private static int Count(int? count, double? seconds, double? rate) => (count, seconds) switch
    {
        (not null, not null) => throw new CliException("--count and --seconds cannot both be given: --seconds sends --rate × --seconds messages"),
        (null, { } duration) when rate is null => throw new CliException($"--seconds {duration} needs a --rate (messages a second) to send at"),
        (null, { } duration) => duration is > 0 and <= 86_400 ? (int)Math.Min(int.MaxValue, Math.Round(duration * rate!.Value)) : throw new CliException("--seconds must be above 0 and at most 86,400"),
        _ => count ?? 1000,
    };

    private sealed record LoadtestOptions(Uri Url, int Count, int Concurrency, double? Rate, LoadChannel Channel, string? SmsSecret, string? Storage, int TimeoutSeconds, bool Json);

    private static async Task<int> RunAsync(CliConsole console, LoadtestOptions options, CancellationToken cancellationToken)
    {
        if (options.Count is < 1 or > 1_000_000)
            throw new CliException("--count must be from 1 to 1,000,000");
        if (options.Concurrency is < 1 or > 1_000)
            throw new CliException("--concurrency must be from 1 to 1,000");
        if (options.Rate is <= 0 or > 10_000)
            throw new CliException("--rate must be above 0 and at most 10,000 requests/s");
        var secret = options.SmsSecret ?? LocalSmsSecret() ?? throw new CliException("--sms-secret is required (no .local/settings.env: was the app started with ./feedback run?)");
        var tables = StorageOption.Connect(options.Storage).Tables;
        var store = new TableFeedbackStore(tables);
        var texts = LoadCorpus.Texts();
        using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
        var intake = new IntakeClient(http, secret, $"loadtest-{Environment.ProcessId}", phoneBlock: 2);

        await RequireHealthyAsync(http, cancellationToken);
        var rawInsertsPerSecond = await StorageOption.Call(() => ProcessingProbe.RawInsertRateAsync(tables, Math.Min(options.Count, 2_000), options.Concurrency, cancellationToken));

        var requestsBefore = await AppRequests.ReadAsync(http, cancellationToken);
        var redeliveredElsewhere = 0;
        async Task<IntakeAnswer> SendAsync(int index, CancellationToken token)
        {
            var text = texts[index % texts.Length];
            var sms = options.Channel.SendsSms(index);
            var answer = sms ? await intake.ForwardSmsAsync(index, text, token) : await intake.PostWebAsync(index, text, token);
            // Every twentieth message, when an SMS, comes again, as a provider redelivery: one that got no answer proves nothing either way; one answered with another code is a duplicate.
            if (sms && index % 20 == 1 && answer.TrackingCode is { } code && (await intake.ForwardSmsAsync(index, text, cancellationToken)).TrackingCode is { } again && again != code)
                Interlocked.Increment(ref redeliveredElsewhere);
            return answer;
        }
        var clock = Stopwatch.StartNew();
        var results = await LoadGenerator.RunAsync(options.Count, options.Rate, options.Concurrency, SendAsync, cancellationToken);
        var sendSeconds = clock.Elapsed.TotalSeconds;

        var accepted = results.Where(result => result.Accepted).ToArray();
        var codes = accepted.Select(result => result.Answer.TrackingCode!).ToArray();
        var duplicates = accepted.Length - codes.Distinct(StringComparer.Ordinal).Count() + redeliveredElsewhere;
        var snapshot = await StorageOption.Call(() => ProcessingProbe.WaitForRoutedAsync(store, codes, TimeSpan.FromSeconds(options.TimeoutSeconds), cancellationToken));
        var seconds = clock.Elapsed.TotalSeconds;
        var latencies = Percentiles.Of(accepted.Select(result => result.LatencyMs));
        var queueLags = Percentiles.Of(snapshot.QueueLagsMs);
        var requestsAfter = requestsBefore is null ? null : await AppRequests.ReadWhenQuietAsync(http, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60), cancellationToken);
        var spent = requestsAfter?.Since(requestsBefore!);
        var messages = codes.Distinct(StringComparer.Ordinal).Count();
        var throughput = Math.Round(snapshot.Routed / seconds, 1);

        var report = new
        {
            sent = options.Count,
            channel = options.Channel.Name(),
            accepted = accepted.Length,
            stored = snapshot.Stored.Count,
            duplicates,
            lost = codes.Distinct(StringComparer.Ordinal).Count() - snapshot.Routed,
            throughputPerSecond = throughput,
            intakeRequestsPerSecond = Math.Round(options.Count / sendSeconds, 1),
            intakeLatencyMs = new { p50 = latencies.P50, p95 = latencies.P95, p99 = latencies.P99 },
            queueLagMs = new { p50 = queueLags.P50, p95 = queueLags.P95, p99 = queueLags.P99 },
            minutes = LoadMinutes.Of(results, snapshot.QueueLagMs),
            rawTableInsertsPerSecond = Math.Round(rawInsertsPerSecond, 1),
            endToEndToRawInsertRatio = Math.Round(throughput / rawInsertsPerSecond, 3),
            requestsPerMessage = spent is not null && messages > 0 ? RequestsPerMessage.Of(spent, messages) : null,
            requests = spent is null ? null : new { tables = spent.Tables.ByKind, tablesByTable = spent.Tables.ByTable, tablesByTableAndKind = spent.Tables.ByTableAndKind, tablesByCaller = spent.Tables.ByCaller, queues = spent.Queues.ByKind, queuesByCaller = spent.Queues.ByCaller },
        };
        if (options.Json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(report, JsonSerializerOptions.Web));
        }
        else
        {
            console.Out.WriteLine($"sent {report.sent} ({report.channel}), accepted {report.accepted}, stored {report.stored}, duplicates {report.duplicates}, lost {report.lost}");
            console.Out.WriteLine($"intake: {report.intakeRequestsPerSecond} requests/s ({(options.Rate is { } offered ? $"offered {offered}/s, " : "")}at most {options.Concurrency} in flight); latency p50 {report.intakeLatencyMs.p50} ms, p95 {report.intakeLatencyMs.p95} ms, p99 {report.intakeLatencyMs.p99} ms");
            console.Out.WriteLine($"queue lag (stored to routed): p50 {report.queueLagMs.p50} ms, p95 {report.queueLagMs.p95} ms, p99 {report.queueLagMs.p99} ms");
            if (report.minutes.Count > 1)
            {
                foreach (var minute in report.minutes)
                    console.Out.WriteLine($"  minute {minute.Minute + 1}: {minute.Accepted} of {minute.Sent} accepted, {minute.Routed} routed; intake p50 {minute.IntakeLatencyMs.P50} ms, p99 {minute.IntakeLatencyMs.P99} ms; queue lag p99 {minute.QueueLagMs.P99} ms");
            }
            console.Out.WriteLine($"end to end: {report.throughputPerSecond} messages/s processed; raw table inserts on the same storage: {report.rawTableInsertsPerSecond}/s (ratio {report.endToEndToRawInsertRatio})");
            console.Out.WriteLine(report.requestsPerMessage is { } perMessage
                ? $"storage requests per message: {perMessage.Total} ({perMessage.Tables} table, {perMessage.Queues} queue; empty receives of idle polling left out), of which {perMessage.DevOutbox} to the developer outbox (the provider's send in Azure): {perMessage.TotalWithoutDevOutbox} without them"
                : $"storage requests per message: not known (the app does not serve {AppRequests.Path}: it does so in Local mode only)");
        }
        return report.lost == 0 && report.duplicates == 0 && report.accepted == report.sent ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static async Task RequireHealthyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/api/health", UriKind.Relative), cancellationToken);
            if (response.IsSuccessStatusCode)
                return;
            throw new CliException($"the app at {http.BaseAddress} answers /api/health with {(int)response.StatusCode}: is it ready?");
        }
        catch (HttpRequestException unreachable)
        {
            throw new CliException($"the app at {http.BaseAddress} could not be reached ({unreachable.Message}): start it with ./feedback run");
        }
    }

    private static Uri AppAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? address
            : throw new CliException($"--url '{url}' is not an http(s) address such as http://localhost:7071");

    private static string? LocalSmsSecret()
    {
        var file = RepositoryPaths.Find() is { } paths ? Path.Combine(paths.Root, ".local", "settings.env") : null;
        return file is not null && File.Exists(file)
            ? File.ReadAllLines(file).Select(line => line.Split('=', 2)).FirstOrDefault(pair => pair[0] == "Feedback__SmsInboundSecret")?[1]
            : null;
    }
}
