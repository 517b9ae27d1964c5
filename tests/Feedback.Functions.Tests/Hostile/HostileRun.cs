using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Feedback.Core.Clients;
using Feedback.Core.Input;
using Feedback.Core.Privacy;
using Feedback.Functions.Composition;
using Feedback.Functions.Tests.Privacy;
using Feedback.Kavenegar.StandIn;
using Feedback.Storage.Clients;
using Feedback.Storage.Items;
using Feedback.Storage.Routing;
using Feedback.Storage.Tables;
using Feedback.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Feedback.Functions.Tests.Hostile;

/// <summary>
/// Sends the hostile corpus once through the running app (in-process, Production environment, its own Azurite) and keeps
/// what every test of <see cref="HostileInputTests"/> judges: each answer, the logs at Warning and above tied to the
/// request that caused them, and the rows before and after. The local trigger runner is left out, so every row written
/// during the run was written by a request, never by background processing of an accepted one.
/// </summary>
public sealed partial class HostileRun : IAsyncLifetime, IDisposable
{
    public const int DefaultSeed = 20_260_521;
    public const int Count = 12_000;

    /// <summary>The header that ties a request to its log entries (through a logging scope): not one the app reads.</summary>
    public const string IndexHeader = "X-Hostile-Index";

    private const int Parallelism = 32;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly Azurite azurite = new();
    private readonly CapturingLoggerProvider logs = new();
    private readonly ConcurrentBag<string[]> acceptedCodes = [];
    private KavenegarStandIn? kavenegar;
    private FeedbackAppFactory? factory;
    private WebApplicationFactory<Program>? app;

    /// <summary>The seed: <c>FEEDBACK_HOSTILE_SEED</c> to explore others, the fixed one otherwise.</summary>
    public int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("FEEDBACK_HOSTILE_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    public AppSurface Surface { get; private set; } = null!;

    public IReadOnlyList<HostileOutcome> Outcomes { get; private set; } = [];

    /// <summary>Log entries at Warning and above, by the index of the request they were written for (-1: none).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<CapturedLog>> LogsByRequest { get; private set; } = new Dictionary<int, IReadOnlyList<CapturedLog>>();

    /// <summary>Answers that broke a rule about answers, by rule.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<HostileOutcome>> Broken { get; private set; } = new Dictionary<string, IReadOnlyList<HostileOutcome>>();

    public StorageSnapshot Before { get; private set; } = null!;

    public StorageSnapshot After { get; private set; } = null!;

    /// <summary>Rows added, changed or removed that no accepted request's tracking code or phone accounts for.</summary>
    public IReadOnlyList<(string Change, StoredRow Row)> Unexplained { get; private set; } = [];

    public int ExplainedChanges { get; private set; }

    public HttpStatusCode HealthAfter { get; private set; }

    public TimeSpan Duration { get; private set; }

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        // Secrets and key follow from the seed too, so a printed request is the request that was sent.
        var random = new Random(Seed);
        var now = DateTimeOffset.UtcNow;
        var secrets = new HostileSecrets(
            Convert.ToHexString(HostilePayloads.Bytes(random, 24)),
            Convert.ToHexString(HostilePayloads.Bytes(random, 24)),
            ApiKeys.Prefix + Convert.ToBase64String(HostilePayloads.Bytes(random, 32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            now.AddTicks(-(now.Ticks % TimeSpan.TicksPerHour)));
        kavenegar = await KavenegarStandIn.StartAsync(Convert.ToHexString(RandomNumberGenerator.GetBytes(20)));
        factory = new FeedbackAppFactory();
        factory.Settings["Feedback:StorageConnectionString"] = azurite.ConnectionString;
        factory.Settings["Feedback:SmsInboundSecret"] = secrets.InboundSecret;
        factory.Settings["Feedback:SmsDeliverySecret"] = secrets.DeliverySecret;
        factory.Settings["Feedback:Kavenegar:ApiKey"] = kavenegar.ApiKey;
        factory.Settings["Feedback:Kavenegar:BaseAddress"] = kavenegar.BaseAddress.AbsoluteUri;
        // The rate limit would answer most of the corpus with 429 before anything read it.
        factory.Settings["Feedback:WebRequestsPerMinute"] = "100000000";
        app = factory.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(Environments.Production);
            builder.ConfigureLogging(logging => logs.AddTo(logging, LogLevel.Warning));
            builder.ConfigureTestServices(services =>
            {
                services.RemoveImplementation<LocalTriggerRunner>();
                services.AddSingleton<IStartupFilter, RequestIndexScope>();
            });
        });
        using var client = app.CreateClient();
        client.Timeout = RequestTimeout;

        await PrepareStorageAsync(secrets.ApiKey);
        Before = await StorageSnapshot.TakeAsync(Services.GetRequiredService<TableServiceClient>(), CancellationToken.None);
        Surface = AppSurface.Of(Services);
        var corpus = HostileCorpus.Generate(Seed, Count, Surface, secrets);

        var clock = Stopwatch.StartNew();
        Outcomes = await SendAllAsync(client, corpus);
        Duration = clock.Elapsed;

        using (var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative)))
            HealthAfter = health.StatusCode;
        After = await StorageSnapshot.TakeAsync(Services.GetRequiredService<TableServiceClient>(), CancellationToken.None);
        Account();
    }

    public async Task DisposeAsync()
    {
        app?.Dispose();
        factory?.Dispose();
        if (kavenegar is not null)
            await kavenegar.DisposeAsync();
        await azurite.DisposeAsync();
    }

    public void Dispose()
    {
        app?.Dispose();
        factory?.Dispose();
        logs.Dispose();
        azurite.Dispose();
    }

    private IServiceProvider Services => app!.Services;

    /// <summary>Tables created, the counter office's key stored, and the demo routing seeded: nothing the app writes by itself is left to write.</summary>
    private async Task PrepareStorageAsync(string apiKey)
    {
        var tables = Services.GetRequiredService<TableServiceClient>();
        await Services.GetRequiredService<TableFeedbackStore>().EnsureTablesAsync(CancellationToken.None);
        await Services.GetRequiredService<TableApiKeyStore>().EnsureTableAsync(CancellationToken.None);
        await Services.GetRequiredService<TableRoutingStore>().EnsureTableAsync(CancellationToken.None);
        foreach (var table in AppTables.Names)
            await tables.CreateTableIfNotExistsAsync(table, CancellationToken.None);
        var hash = ApiKeys.Hash(apiKey);
        await Services.GetRequiredService<IApiKeyStore>().SaveAsync(hash, new ApiClient(hash[..12], "دفتر پیشخوان آزمون", "zanjan", DateTimeOffset.UtcNow, false), CancellationToken.None);
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var seeded = false;
            await foreach (var row in tables.GetTableClient(TableRoutingStore.RoutingTable).QueryAsync<TableEntity>(maxPerPage: 1, cancellationToken: CancellationToken.None))
                seeded = true;
            if (seeded)
                return;
            await Task.Delay(200);
        }
        throw new TimeoutException("the app did not seed its routing table within 30 seconds");
    }

    private async Task<IReadOnlyList<HostileOutcome>> SendAllAsync(HttpClient client, IEnumerable<HostileRequest> corpus)
    {
        var outcomes = new HostileOutcome[Count];
        var broken = new ConcurrentDictionary<string, ConcurrentBag<HostileOutcome>>();
        var assets = WebRootAssets();
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (request, _) =>
        {
            var tagged = request with { Headers = [.. request.Headers, new(IndexHeader, request.Index.ToString(CultureInfo.InvariantCulture))] };
            var (sent, body) = await HostileOutcome.SendAsync(client, tagged);
            var rules = HostileVerdicts.Broken(sent with { Request = request }, body, assets).ToArray();
            // What is kept: the request cut to what a report shows, the tracking codes an accepted answer gives (rows
            // under them are accounted for), and the answer's body where a report shows it (a broken rule).
            var outcome = sent with { Request = request.Trimmed() };
            if (outcome.IsAccepted)
                acceptedCodes.Add(TrackingCodes().Matches(outcome.Body + " " + Uri.UnescapeDataString(outcome.Location ?? string.Empty)).Select(match => match.Value).ToArray());
            outcomes[request.Index] = rules.Length > 0 ? outcome : outcome with { Body = string.Empty };
            foreach (var rule in rules)
                broken.GetOrAdd(rule, _ => []).Add(outcomes[request.Index]);
        });
        Broken = broken.ToDictionary(entry => entry.Key, entry => (IReadOnlyList<HostileOutcome>)[.. entry.Value.OrderBy(outcome => outcome.Request.Index)]);
        LogsByRequest = logs.Entries
            .GroupBy(entry => int.TryParse(entry.ScopeValue(IndexHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) ? index : -1)
            .ToDictionary(group => group.Key, group => (IReadOnlyList<CapturedLog>)[.. group]);
        return outcomes;
    }

    /// <summary>Every file under the web root but the page templates: what a static answer may hold.</summary>
    private byte[][] WebRootAssets()
    {
        var root = Services.GetRequiredService<IWebHostEnvironment>().WebRootPath;
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(file => !file.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
            .Select(File.ReadAllBytes)
            .ToArray();
    }

    /// <summary>
    /// Splits the changed rows into those an accepted request accounts for (its tracking code, or the keyed hash of a phone it
    /// carried, appears in the row) and the rest. Every accepted request's phone is unique to it, so one cannot cover for another.
    /// </summary>
    private void Account()
    {
        var phones = Services.GetRequiredService<PhoneProtector>();
        var marks = acceptedCodes.SelectMany(codes => codes).ToHashSet(StringComparer.Ordinal);
        // A GET writes too: Kavenegar forwards SMS and delivery reports as GET queries.
        foreach (var outcome in Outcomes.Where(outcome => outcome.IsAccepted))
        {
            foreach (var phone in outcome.Request.Phones)
            {
                if (IranianMobile.Parse(phone).Mobile is { } mobile)
                    marks.Add(phones.LookupHash(mobile).Value);
            }
        }
        var changes = After.ChangesSince(Before);
        Unexplained = changes.Where(change => !change.Row.Texts.Any(text => marks.Any(mark => text.Contains(mark, StringComparison.Ordinal)))).ToArray();
        ExplainedChanges = changes.Count - Unexplained.Count;
    }

    /// <summary>Requests that were in flight when <paramref name="row"/> was written, as far as its timestamp can tell.</summary>
    public IEnumerable<HostileOutcome> InFlightAt(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Timestamp is not { } written
            ? []
            : Outcomes.Where(outcome => !outcome.IsAccepted && outcome.Started <= written.AddSeconds(1) && outcome.Ended >= written.AddSeconds(-1)).Take(5);
    }

    /// <summary>Statuses answered, by route (or trick path) and method, for the test output.</summary>
    public string Summary() => string.Join('\n', Outcomes
        .GroupBy(outcome => $"{outcome.Request.Method} {outcome.Request.Route ?? "(trick path)"}")
        .OrderBy(group => group.Key, StringComparer.Ordinal)
        .Select(group => $"{group.Key}: {group.Count()} requests; " + string.Join(", ", group.GroupBy(outcome => outcome.Status).OrderBy(status => status.Key).Select(status => $"{status.Key}×{status.Count()}"))));

    [GeneratedRegex(@"(?<!\d)[1-9]\d{9}(?!\d)")]
    private static partial Regex TrackingCodes();

    /// <summary>Opens a logging scope naming the corpus index of the request, so that what the app logs while serving it can be traced back.</summary>
    private sealed class RequestIndexScope(ILoggerFactory loggers) : IStartupFilter
    {
        private readonly ILogger logger = loggers.CreateLogger("Feedback.Functions.Tests.Hostile");

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use(async (context, nextMiddleware) =>
            {
                using var scope = logger.BeginScope(new Dictionary<string, object> { [IndexHeader] = context.Request.Headers[IndexHeader].ToString() });
                await nextMiddleware(context);
            });
            next(builder);
        };
    }
}
