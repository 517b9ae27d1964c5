using System.Net;
using System.Text;
using System.Text.Json;
using Feedback.Core.Items;
using Feedback.Core.Scorecard;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Functions.Composition;
using Feedback.Functions.Operations;
using Feedback.Functions.Scorecard;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Feedback.Functions.Tests.Scorecard;

/// <summary>
/// The public scorecard against a real Azurite: what it shows, its CSV, its problems, its rate limit, and what a view
/// costs storage. Each test reads a Jalali month of its own, years after any other test's data, on a clock just after it.
/// </summary>
public sealed class ScorecardEndpointTests(Azurite azurite, ITestOutputHelper output) : AppAgainstAzurite(azurite)
{
    private const string Water = "zanjan-water-wastewater";
    private const int Months = 45 * 12;

    private static int monthsHandedOut = Random.Shared.Next(0, Months);

    private readonly ScorecardPeriod period = UnusedMonth();

    public override async Task InitializeAsync()
    {
        Factory.Clock = new ManualClock(JalaliDays.StartOf(period.To.AddDays(3)).AddHours(9));
        // Nothing else in the process touches storage while a view is measured: no queue pumps or timers.
        Factory.TestServices = services => services.RemoveImplementation<LocalTriggerRunner>();
        await base.InitializeAsync();
        await Service<StorageSetup>().Ready;
    }

    /// <summary>A month of this test's own on the shared Azurite: each test writes its figures there.</summary>
    private static ScorecardPeriod UnusedMonth()
    {
        var month = Interlocked.Increment(ref monthsHandedOut) % Months;
        return ScorecardPeriod.Month(1450 + (month / 12), (month % 12) + 1);
    }

    [Fact]
    public async Task Groups_of_at_least_k_are_shown_in_persian_and_smaller_ones_are_not()
    {
        await IndexAsync(6, Water, office: "pishkhan-1001");
        await IndexAsync(4, "zanjan-gas", office: "pishkhan-1002");
        await IndexAsync(4, "zanjan-tax", office: "pishkhan-1003");

        var scorecard = await JsonAsync($"/api/scorecard?period={period.Key}");

        Assert.Equal(ScorecardBuilder.MinimumGroupSize, scorecard.GetProperty("minimumGroupSize").GetInt32());
        Assert.Equal(period.Label, scorecard.GetProperty("period").GetProperty("label").GetString());
        var agency = Assert.Single(scorecard.GetProperty("agencies").GetProperty("rows").EnumerateArray());
        Assert.Equal("شرکت آب و فاضلاب استان زنجان", agency.GetProperty("name").GetString());
        Assert.Equal(6, agency.GetProperty("volume").GetInt32());
        Assert.Equal(JsonValueKind.Null, agency.GetProperty("resolutionSatisfaction").ValueKind);
        Assert.Equal(JsonValueKind.Null, agency.GetProperty("reopenRate").ValueKind);
        Assert.Equal(2, scorecard.GetProperty("agencies").GetProperty("hiddenGroups").GetInt32());
        Assert.Equal("pishkhan-1001", Assert.Single(scorecard.GetProperty("counterOffices").GetProperty("rows").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(14, Assert.Single(scorecard.GetProperty("provinces").GetProperty("rows").EnumerateArray()).GetProperty("volume").GetInt32());
        Assert.Equal(
            ["key", "name", "provinceName", "volume", "negativeShare", "medianHoursToAcknowledge", "medianHoursToClose", "withinSlaShare", "resolutionSatisfaction", "resolutionAnswers", "reopenRate"],
            agency.EnumerateObject().Select(property => property.Name));
    }

    [Fact]
    public async Task A_second_view_within_the_cache_period_costs_no_storage_request()
    {
        await IndexAsync(5, Water);
        var counter = Service<StorageRequestCounter>();
        var quiet = await QuietAsync(counter);

        await JsonAsync($"/api/scorecard?period={period.Key}");
        var firstView = counter.Snapshot().Since(quiet);
        await JsonAsync($"/api/scorecard?period={period.Key}&other=1");
        var secondView = counter.Snapshot().Since(quiet).Since(firstView);
        var beforeExport = counter.Snapshot();
        (await Client.GetAsync($"/api/scorecard/export?period={period.Key}")).Dispose();
        var firstExport = counter.Snapshot().Since(beforeExport);
        (await Client.GetAsync($"/api/scorecard/export?period={period.Key}")).Dispose();
        var secondExport = counter.Snapshot().Since(beforeExport).Since(firstExport);

        var days = period.To.DayNumber - period.From.DayNumber + 1;
        output.WriteLine($"storage requests for {period.Key} ({days} days): first view {firstView.Total} ({Kinds(firstView)}), second view {secondView.Total}; export: first {firstExport.Total}, second {secondExport.Total}");
        Assert.Equal(days, firstView.Tables.ByKind.GetValueOrDefault("query"));
        Assert.Equal(days, firstView.Total);
        Assert.Equal(0, secondView.Total);
        Assert.Equal(days, firstExport.Total);
        Assert.Equal(0, secondExport.Total);
    }

    [Fact]
    public async Task The_csv_is_utf8_with_a_byte_order_mark_for_excel()
    {
        await IndexAsync(5, Water);

        using var response = await Client.GetAsync($"/api/scorecard/export?period={period.Key}");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("دوره,سطح,استان,نام", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith($"{period.Key},دستگاه,زنجان,شرکت آب و فاضلاب استان زنجان,zanjan/{Water},5,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1399-01")]
    [InlineData("next-month")]
    [InlineData("1499")]
    public async Task Anything_but_a_started_jalali_period_is_a_persian_problem(string asked)
    {
        using var response = await Client.GetAsync($"/api/scorecard?period={asked}");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("دوره", problem.GetProperty("errors").GetProperty("period")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("has started", problem.GetProperty("englishErrors").GetProperty("period")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_gets_its_own_budget_of_views_a_minute_then_429()
    {
        for (var view = 0; view < ScorecardEndpoints.RequestsPerMinute; view++)
        {
            using var allowed = await Client.GetAsync($"/api/scorecard?period={period.Key}");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await Client.GetAsync($"/api/scorecard?period={period.Key}");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null, "429 without Retry-After");
        using var form = await Client.GetAsync("/scorecard");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task The_page_is_persian_right_to_left_and_draws_with_the_bundled_chart_library()
    {
        using var response = await Client.GetAsync("/scorecard");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", html, StringComparison.Ordinal);
        // Scripts from this site only: the bundled Chart.js, no CDN.
        var scripts = html.Split(" src=\"")[1..].Select(source => source[..source.IndexOf('"', StringComparison.Ordinal)]);
        Assert.Equal(["/vendor/chart.js/chart.umd.min.js", "/scorecard/scorecard.js"], scripts);
    }

    private async Task<JsonElement> JsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Indexes <paramref name="count"/> routed items of the agency, received in the test's month, as processing would.</summary>
    private async Task IndexAsync(int count, string agency, string? office = null)
    {
        var store = Service<TableFeedbackStore>();
        var counters = Service<ITrendCounters>();
        var receivedAt = JalaliDays.StartOf(period.From.AddDays(2)).AddHours(10);
        for (var index = 0; index < count; index++)
        {
            var item = new FeedbackItem
            {
                TrackingCode = TrackingCode.NewCode(),
                Channel = office is null ? FeedbackChannel.Web : FeedbackChannel.CounterOffice,
                Text = "آب محله ما سه روز است قطع است",
                Province = "zanjan",
                CounterOffice = office,
                ReceivedAt = receivedAt,
                Status = FeedbackStatus.Routed,
                Assessment = new Assessment("negative", 0.9, "water", 0.9, false, "None", agency, "set by the test"),
            };
            await store.IndexAsync(item, CancellationToken.None);
            await counters.RecordAsync(item, CancellationToken.None);
        }
    }

    private static string Kinds(StorageRequestCounts counts) =>
        string.Join(", ", counts.Tables.ByKind.Concat(counts.Queues.ByKind).Where(kind => kind.Value > 0).Select(kind => $"{kind.Key} {kind.Value}"));

    /// <summary>The counts once the app's start-up requests (tables, routing) are over: two snapshots apart are equal.</summary>
    private static async Task<StorageRequestCounts> QuietAsync(StorageRequestCounter counter)
    {
        var last = counter.Snapshot();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await Task.Delay(200);
            var now = counter.Snapshot();
            if (now.Since(last).Total == 0)
                return now;
            last = now;
        }
        throw new InvalidOperationException("the app kept making storage requests with nothing to do");
    }
}
