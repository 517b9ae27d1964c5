using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Functions.Access;
using Feedback.Functions.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Trends;

/// <summary>
/// The dashboard's API against a real Azurite: who may read which province, what a period and filter return (from
/// the counters), the masked drill-down, and CSV exports Excel opens as Persian.
/// </summary>
public sealed class TrendApiTests(Azurite azurite) : TrendsApp(azurite)
{
    private const string Water = "zanjan-water-wastewater";
    private const string Gas = "zanjan-gas";

    /// <summary>1403/02/01 to 1403/02/10 (2024-04-20 to 2024-04-29): a period no other test writes to.</summary>
    private static readonly DateOnly First = new(2024, 4, 20);
    private const string Period = "from=1403/02/01&to=1403/02/10";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private HttpClient Analyst => ClientAs(StaffRole.GovernorateAnalyst, Provinces.ZanjanKey);

    [Fact]
    public async Task Nobody_signed_in_gets_401_and_agency_staff_of_no_agency_or_another_provinces_analyst_403()
    {
        // Agency staff see their own agency's figures only (Access/StaffNavigationTests): this one has no agency.
        using var agencyStaff = ClientAs(StaffRole.AgencyStaff, Provinces.ZanjanKey);
        using var tehranAnalyst = ClientAs(StaffRole.GovernorateAnalyst, "tehran");

        foreach (var path in (string[])["/api/trends", "/api/trends/items", "/api/trends/export?view=topics"])
        {
            using var anonymous = await Client.GetAsync(path);
            using var wrongRole = await agencyStaff.GetAsync(path);
            using var wrongProvince = await tehranAnalyst.GetAsync($"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}province=zanjan");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, wrongProvince.StatusCode);
            Assert.Equal("application/problem+json", wrongProvince.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_national_admin_reads_any_province_and_an_analyst_their_own_by_default()
    {
        using var admin = ClientAs(StaffRole.NationalAdmin, null);
        using var tehranAnalyst = ClientAs(StaffRole.GovernorateAnalyst, "tehran");

        var zanjan = await admin.GetFromJsonAsync<JsonElement>("/api/trends?province=zanjan");
        var tehran = await tehranAnalyst.GetFromJsonAsync<JsonElement>("/api/trends");

        Assert.Equal("zanjan", zanjan.GetProperty("province").GetString());
        Assert.Equal("tehran", tehran.GetProperty("province").GetString());
        Assert.Equal("تهران", tehran.GetProperty("provinceLabel").GetString());
        Assert.Equal(TrendRequest.DefaultDays, tehran.GetProperty("series").GetArrayLength());
    }

    [Theory]
    [InlineData("from=1403/07/31", "from")]
    [InlineData("from=1403/02/10&to=1403/02/01", "to")]
    [InlineData("from=1403/01/01&to=1403/04/01", "to")]
    [InlineData("granularity=month", "granularity")]
    [InlineData("topic=weather", "topic")]
    [InlineData("sentiment=angry", "sentiment")]
    [InlineData("agency=tehran-water", "agency")]
    [InlineData("county=karaj", "county")]
    [InlineData("province=atlantis", "province")]
    public async Task A_bad_field_is_refused_and_named(string query, string field)
    {
        using var analyst = Analyst;

        using var response = await analyst.GetAsync($"/api/trends?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
    }

    [Fact]
    public async Task The_report_adds_up_the_periods_counters_under_the_filter_and_lists_its_sla_breaches()
    {
        var counters = Service<ITrendCounters>();
        await Task.WhenAll(
            counters.RecordAsync(Event("8000000015", 0, "water", "negative", Water, "abhar", 1), CancellationToken.None),
            counters.RecordAsync(Event("8000000002", 0, "water", "negative", Water, "abhar", null), CancellationToken.None),
            counters.RecordAsync(Event("8000000031", 9, "water", "positive", Water, null, 5), CancellationToken.None),
            counters.RecordAsync(Event("8000000044", 3, "gas", "neutral", Gas, "tarom", 3), CancellationToken.None),
            counters.RecordAsync(Event("8000000053", 10, "gas", "negative", Gas, "tarom", null), CancellationToken.None),
            counters.RecordAsync(Event("8000000066", -1, "gas", "negative", Gas, "tarom", null), CancellationToken.None));
        await WriteBreachAsync("8000000015", Water, SlaBreach.Resolve, JalaliDays.StartOf(First.AddDays(2)).AddHours(9));
        await WriteBreachAsync("8000000044", Gas, SlaBreach.Acknowledge, JalaliDays.StartOf(First.AddDays(11)));
        using var analyst = Analyst;

        var report = await analyst.GetFromJsonAsync<JsonElement>($"/api/trends?{Period}&granularity=week");
        var water = await analyst.GetFromJsonAsync<JsonElement>($"/api/trends?{Period}&topic=water");

        Assert.Equal(4, report.GetProperty("totals").GetProperty("volume").GetInt64());
        Assert.Equal(0.5, report.GetProperty("totals").GetProperty("negativeShare").GetDouble());
        Assert.Equal(3.0, report.GetProperty("totals").GetProperty("averageRating").GetDouble());
        Assert.Equal(1, report.GetProperty("previousTotals").GetProperty("volume").GetInt64());
        Assert.Equal("week", report.GetProperty("period").GetProperty("granularity").GetString());
        Assert.Equal(["1403/02/01", "1403/02/08"], report.GetProperty("series").EnumerateArray().Select(point => point.GetProperty("startJalali").GetString()));
        Assert.Equal(["water", "gas"], report.GetProperty("byTopic").EnumerateArray().Select(row => row.GetProperty("key").GetString()));
        Assert.Equal("آب و فاضلاب", report.GetProperty("byTopic")[0].GetProperty("label").GetString());
        var sla = report.GetProperty("slaBreaches");
        Assert.Equal(1, sla.GetProperty("total").GetInt32());
        Assert.Equal("8000000015", sla.GetProperty("latest")[0].GetProperty("trackingCode").GetString());
        Assert.Equal(3, water.GetProperty("totals").GetProperty("volume").GetInt64());
        Assert.Equal(["abhar", null], water.GetProperty("byCounty").EnumerateArray().Select(row => row.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task The_drill_down_lists_the_newest_items_of_the_view_masked()
    {
        var store = Service<IFeedbackStore>();
        var day = First.AddDays(5);
        var older = await RoutedItemAsync(store, "8100000018", day, 9, "لوله آب ترکیده، شماره من ۰۹۱۲ ۳۴۵ ۶۷۸۹ است", "water");
        var newer = await RoutedItemAsync(store, "8100000026", day, 10, "=HYPERLINK(\"http://x\") آب شرب بو می‌دهد", "water");
        await RoutedItemAsync(store, "8100000039", day, 11, "گاز قطع است", "gas");
        using var analyst = Analyst;
        var query = $"from={JalaliDays.Format(day)}&to={JalaliDays.Format(day)}&topic=water";

        var all = await analyst.GetFromJsonAsync<JsonElement>($"/api/trends/items?{query}");
        var one = await analyst.GetFromJsonAsync<JsonElement>($"/api/trends/items?{query}&limit=1");

        Assert.Equal([newer.TrackingCode.Value, older.TrackingCode.Value], all.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("trackingCode").GetString()));
        Assert.False(all.GetProperty("truncated").GetBoolean());
        var masked = all.GetProperty("items")[1];
        Assert.Equal("لوله آب ترکیده، شماره من *** است", masked.GetProperty("excerpt").GetString());
        Assert.Equal("routed", masked.GetProperty("status").GetString());
        Assert.Equal("ابهر", masked.GetProperty("countyLabel").GetString());
        Assert.DoesNotContain(masked.EnumerateObject(), property => property.Name.Contains("phone", StringComparison.OrdinalIgnoreCase) || property.Name == "text");
        Assert.Equal(1, one.GetProperty("items").GetArrayLength());
        Assert.True(one.GetProperty("truncated").GetBoolean());

        using var tooMany = await analyst.GetAsync($"/api/trends/items?{query}&limit={TrendDrillDown.MaxItems + 1}");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task A_view_exports_as_utf8_csv_with_a_byte_order_mark_and_formulas_defused()
    {
        var store = Service<IFeedbackStore>();
        var day = First.AddDays(40);
        await RoutedItemAsync(store, "8200000019", day, 8, "=1+2 آب نداریم", "water");
        using var analyst = Analyst;
        var query = $"from={JalaliDays.Format(day)}&to={JalaliDays.Format(day)}";

        using var topics = await analyst.GetAsync($"/api/trends/export?view=topics&{query}");
        using var items = await analyst.GetAsync($"/api/trends/export?view=items&{query}");

        Assert.Equal(HttpStatusCode.OK, topics.StatusCode);
        Assert.Equal("text/csv", topics.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", topics.Content.Headers.ContentType?.CharSet);
        Assert.Equal($"trends-zanjan-{JalaliDays.Format(day).Replace("/", string.Empty, StringComparison.Ordinal)}-{JalaliDays.Format(day).Replace("/", string.Empty, StringComparison.Ordinal)}-topics.csv", topics.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await topics.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes.AsSpan(3)).Split("\r\n");
        Assert.StartsWith("کلید,موضوع,تعداد", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("water,آب و فاضلاب,1,1,", lines[1], StringComparison.Ordinal);
        var itemLines = Encoding.UTF8.GetString((await items.Content.ReadAsByteArrayAsync()).AsSpan(3)).Split("\r\n");
        Assert.EndsWith(",'=1+2 آب نداریم", itemLines[1], StringComparison.Ordinal);

        using var unknownView = await analyst.GetAsync($"/api/trends/export?view=everything&{query}");
        Assert.Equal(HttpStatusCode.BadRequest, unknownView.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_page_is_persian_under_the_strict_csp_and_its_chart_library_is_served_by_the_app()
    {
        using var page = await Client.GetAsync("/dashboard");
        using var chartJs = await Client.GetAsync("/vendor/chart.js/chart.umd.min.js");
        using var script = await Client.GetAsync("/dashboard/dashboard.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/vendor/chart.js/chart.umd.min.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\{\{[a-z-]+\}\}", html);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, chartJs.StatusCode);
        Assert.Contains("Chart.js v4", await chartJs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    private static TrendEvent Event(string trackingCode, int dayOffset, string topic, string sentiment, string agency, string? county, int? rating) =>
        new(TrackingCode.FromCanonical(trackingCode)!, Provinces.ZanjanKey, First.AddDays(dayOffset), new TrendCell(topic, sentiment, agency, county, rating));

    /// <summary>An item stored and processed: in its agency's inbox, counted and listed in its day.</summary>
    private async Task<FeedbackItem> RoutedItemAsync(IFeedbackStore store, string trackingCode, DateOnly day, int hour, string text, string topic)
    {
        var receivedAt = JalaliDays.StartOf(day).AddHours(hour);
        var item = new FeedbackItem
        {
            TrackingCode = TrackingCode.FromCanonical(trackingCode)!,
            Channel = FeedbackChannel.Web,
            Text = text,
            Province = Provinces.ZanjanKey,
            County = "abhar",
            ReceivedAt = receivedAt,
            Status = FeedbackStatus.Routed,
            Assessment = new Assessment("negative", 0.9, topic, 0.9, false, "None", topic == "water" ? Water : Gas, "test"),
        };
        Assert.NotNull(await store.TryCreateAsync(item, CancellationToken.None));
        await store.IndexAsync(item, CancellationToken.None);
        await Service<ITrendCounters>().RecordAsync(item, CancellationToken.None);
        return item;
    }

    private async Task WriteBreachAsync(string trackingCode, string agency, string kind, DateTimeOffset flaggedAt)
    {
        var tables = StorageClients.FromConnectionString(ConnectionString).Tables;
        await tables.CreateTableIfNotExistsAsync("SlaBreaches", CancellationToken.None);
        var inverted = (DateTimeOffset.MaxValue.Ticks - flaggedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        await tables.GetTableClient("SlaBreaches").UpsertEntityAsync(new TableEntity(Provinces.ZanjanKey, $"{inverted}|{trackingCode}|{kind}")
        {
            ["AgencyKey"] = agency,
            ["Kind"] = kind,
            ["DueAt"] = flaggedAt.AddHours(-1),
            ["FlaggedAt"] = flaggedAt,
            ["Topic"] = "water",
        }, TableUpdateMode.Replace, CancellationToken.None);
    }
}
