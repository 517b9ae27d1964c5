using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Feedback.Classification.Training;
using Feedback.Core.Items;
using Feedback.Storage.Items;
using Feedback.Storage.Tables;

namespace Feedback.Cli.Commands;

/// <summary>
/// `feedback loadtest`: posts real corpus messages through the web and SMS intakes of a running instance
/// (and every twentieth SMS twice, as a provider redelivery), waits until all are routed, checks in
/// storage that every accepted tracking code has its item and that no two messages share a code, and
/// prints throughput and intake latency beside the raw table-insert rate of the same storage, measured in
/// the same run. An item processing marked failed counts as lost.
/// </summary>
public static class LoadtestCommand
{
    public static Command Create(CliConsole console)
    {
        var url = new Option<string>("--url") { Description = "The running app, e.g. http://localhost:7071", Required = true };
        var count = new Option<int>("--count") { Description = "Messages to send", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once (with --rate: at most)", DefaultValueFactory = _ => 32 };
        var rate = new Option<double?>("--rate") { Description = "Send at this many requests/s (open loop, latency counted from each request's due time) instead of as fast as --concurrency allows" };
        var secret = new Option<string?>("--sms-secret") { Description = "The app's SMS inbound secret. Default: the one ./feedback run generated in .local/settings.env" };
        var storage = StorageOption.Create("The app's storage, to check what was stored");
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for processing to finish", DefaultValueFactory = _ => 300 };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object on stdout" };
        var command = new Command("loadtest", "Load a running instance through its intakes and check that every message was stored and processed once")
        {
            url, count, concurrency, rate, secret, storage, timeout, json,
        };
        command.SetAction((parse, token) => RunAsync(
            console,
            new LoadtestOptions(AppAddress(parse.GetValue(url)!), parse.GetValue(count), parse.GetValue(concurrency), parse.GetValue(rate), parse.GetValue(secret), parse.GetValue(storage), parse.GetValue(timeout), parse.GetValue(json)),
            token));
        return command;
    }

    private sealed record LoadtestOptions(Uri Url, int Count, int Concurrency, double? Rate, string? SmsSecret, string? Storage, int TimeoutSeconds, bool Json);

    private sealed record Sent(int Index, string? TrackingCode, double LatencyMs);

    private static async Task<int> RunAsync(CliConsole console, LoadtestOptions options, CancellationToken cancellationToken)
    {
        if (options.Count is < 1 or > 1_000_000)
            throw new CliException("--count must be from 1 to 1,000,000");
        if (options.Concurrency is < 1 or > 1_000)
            throw new CliException("--concurrency must be from 1 to 1,000");
        if (options.Rate is <= 0 or > 10_000)
            throw new CliException("--rate must be above 0 and at most 10,000 requests/s");
        var secret = options.SmsSecret ?? LocalSmsSecret() ?? throw new CliException("--sms-secret is required (no .local/settings.env: was the app started with ./feedback run?)");
        var tables = new TableStorageClient(StorageOption.Connect(options.Storage));
        var store = new TableFeedbackStore(tables);
        var texts = CorpusTexts();
        using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };

        await RequireHealthyAsync(http, cancellationToken);
        var rawInsertsPerSecond = await StorageOption.Call(() => RawInsertRateAsync(tables, Math.Min(options.Count, 2_000), options.Concurrency, cancellationToken));

        var results = new ConcurrentBag<Sent>();
        var clock = Stopwatch.StartNew();
        async Task SendAsync(int index, long dueTimestamp, CancellationToken token)
        {
            string? code;
            try
            {
                code = index % 2 == 0
                    ? await PostWebAsync(http, index, texts[index % texts.Length], token)
                    : await ForwardSmsAsync(http, secret, index, texts[index % texts.Length], token);
            }
            catch (Exception failed) when (failed is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
            {
                // No answer is not an acceptance: the message counts as sent and not accepted.
                code = null;
            }
            results.Add(new Sent(index, code, Stopwatch.GetElapsedTime(dueTimestamp).TotalMilliseconds));
            if (index % 20 == 1 && code is not null && await RedeliverAsync(index) is { } again && again != code)
                results.Add(new Sent(-index, "redelivery-got-another-code", 0));
        }
        // A redelivery that got no answer proves nothing either way; one answered with another code is a duplicate.
        async Task<string?> RedeliverAsync(int index)
        {
            try
            {
                return await ForwardSmsAsync(http, secret, index, texts[index % texts.Length], cancellationToken);
            }
            catch (Exception failed) when (failed is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
        if (options.Rate is { } perSecond)
            await SendAtRateAsync(options.Count, perSecond, options.Concurrency, SendAsync, cancellationToken);
        else
            await Parallel.ForEachAsync(Enumerable.Range(0, options.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken }, (index, token) => new ValueTask(SendAsync(index, Stopwatch.GetTimestamp(), token)));
        var sendSeconds = clock.Elapsed.TotalSeconds;

        var accepted = results.Where(result => result.Index >= 0 && result.TrackingCode is not null).ToArray();
        var codes = accepted.Select(result => result.TrackingCode!).ToHashSet(StringComparer.Ordinal);
        var duplicates = accepted.Length - codes.Count + results.Count(result => result.Index < 0);
        var (stored, processed) = await StorageOption.Call(() => WaitForProcessingAsync(store, codes, TimeSpan.FromSeconds(options.TimeoutSeconds), cancellationToken));
        var seconds = clock.Elapsed.TotalSeconds;
        var latencies = accepted.Select(result => result.LatencyMs).Order().ToArray();

        var report = new
        {
            sent = options.Count,
            accepted = accepted.Length,
            stored,
            duplicates,
            lost = codes.Count - processed,
            throughputPerSecond = Math.Round(processed / seconds, 1),
            intakeRequestsPerSecond = Math.Round(options.Count / sendSeconds, 1),
            intakeLatencyMs = new { p50 = Percentile(latencies, 0.50), p95 = Percentile(latencies, 0.95), p99 = Percentile(latencies, 0.99) },
            rawTableInsertsPerSecond = Math.Round(rawInsertsPerSecond, 1),
        };
        if (options.Json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(report));
        }
        else
        {
            console.Out.WriteLine($"sent {report.sent}, accepted {report.accepted}, stored {report.stored}, duplicates {report.duplicates}, lost {report.lost}");
            console.Out.WriteLine($"intake: {report.intakeRequestsPerSecond} requests/s ({(options.Rate is { } offered ? $"offered {offered}/s, " : "")}at most {options.Concurrency} in flight); latency p50 {report.intakeLatencyMs.p50} ms, p95 {report.intakeLatencyMs.p95} ms, p99 {report.intakeLatencyMs.p99} ms");
            console.Out.WriteLine($"end to end: {report.throughputPerSecond} messages/s processed; raw table inserts on the same storage: {report.rawTableInsertsPerSecond}/s");
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

    /// <summary>
    /// Request i is due at start + i/rate; it waits for a free slot (at most <paramref name="concurrency"/> in
    /// flight), so a slow app shows as latency rather than as a lower sending rate.
    /// </summary>
    private static async Task SendAtRateAsync(int count, double perSecond, int concurrency, Func<int, long, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(concurrency);
        var running = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        for (var index = 0; index < count; index++)
        {
            var due = TimeSpan.FromSeconds(index / perSecond);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken);
            await slots.WaitAsync(cancellationToken);
            var dueTimestamp = start + (long)(due.TotalSeconds * Stopwatch.Frequency);
            var message = index;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await send(message, dueTimestamp, cancellationToken);
                }
                finally
                {
                    slots.Release();
                }
            }, cancellationToken));
        }
        await Task.WhenAll(running);
    }

    /// <summary>Each web request comes from its own citizen (X-Forwarded-For, trusted from loopback), as real traffic does, so the per-client rate limit applies per citizen.</summary>
    private static async Task<string?> PostWebAsync(HttpClient http, int index, string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = JsonContent.Create(new { text, province = "zanjan" }) };
        request.Headers.Add("X-Forwarded-For", $"10.{(index >> 16) & 255}.{(index >> 8) & 255}.{index & 255}");
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("trackingCode").GetString() : null;
    }

    private static async Task<string?> ForwardSmsAsync(HttpClient http, string secret, int index, string text, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["messageid"] = $"loadtest-{Environment.ProcessId}-{index}",
            ["from"] = $"0912{index % 10_000_000:D7}",
            ["to"] = "10004346",
            ["message"] = text,
        });
        using var response = await http.PostAsync(new Uri($"/api/sms/inbound/{Uri.EscapeDataString(secret)}", UriKind.Relative), form, cancellationToken);
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("trackingCode").GetString() : null;
    }

    /// <summary>Polls the store until every code's item is routed, or the time is up.</summary>
    private static async Task<(int Stored, int Processed)> WaitForProcessingAsync(TableFeedbackStore store, HashSet<string> codes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiting = new HashSet<string>(codes, StringComparer.Ordinal);
        var stored = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (waiting.Count > 0 && DateTimeOffset.UtcNow < deadline)
        {
            var done = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (code, token) =>
            {
                var item = await store.GetAsync(code, token);
                if (item is null)
                    return;
                stored[code] = true;
                if (item.Status == FeedbackStatus.Routed)
                    done.Add(code);
            });
            waiting.ExceptWith(done);
            if (waiting.Count > 0)
                await Task.Delay(500, cancellationToken);
        }
        return (stored.Count, codes.Count - waiting.Count);
    }

    private static async Task<double> RawInsertRateAsync(TableStorageClient tables, int count, int concurrency, CancellationToken cancellationToken)
    {
        const string table = "LoadtestRawInserts";
        await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        var run = Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (index, token) =>
            await tables.InsertAsync(table, new TableEntity(run, index.ToString("D7", CultureInfo.InvariantCulture)) { ["Text"] = "سه روزه آب محله قطعه و هیچکس جواب نمیده" }, token));
        return count / clock.Elapsed.TotalSeconds;
    }

    private static Uri AppAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? address
            : throw new CliException($"--url '{url}' is not an http(s) address such as http://localhost:7071");

    private static double Percentile(double[] sorted, double share) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)], 1);

    private static string[] CorpusTexts()
    {
        var paths = RepositoryPaths.Find() ?? throw new CliException("run loadtest from inside the repository (it sends the corpus's messages)");
        return paths.CorpusFiles().SelectMany(file => LabelledTsv.Read(file)).Select(message => message.Text).Where(text => text.Length <= 2_000).ToArray();
    }

    private static string? LocalSmsSecret()
    {
        var file = RepositoryPaths.Find() is { } paths ? Path.Combine(paths.Root, ".local", "settings.env") : null;
        return file is not null && File.Exists(file)
            ? File.ReadAllLines(file).Select(line => line.Split('=', 2)).FirstOrDefault(pair => pair[0] == "Feedback__SmsInboundSecret")?[1]
            : null;
    }
}
