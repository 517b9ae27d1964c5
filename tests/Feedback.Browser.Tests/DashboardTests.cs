using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Functions.Access;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>
/// The governorate dashboard on a phone: a period's figures, its charts (Chart.js, served by the app) with the same
/// data in tables, narrowing the view, CSV that Excel reads as Persian, the masked items behind a view, and what
/// someone not signed in sees. The app runs with a stand-in for the staff sign-in (another slice's UI).
/// </summary>
[Collection(BrowserHarness.Collection)]
public sealed class DashboardTests(BrowserHarness harness, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    /// <summary>1403/03/01 to 1403/03/14 (2024-05-21 to 2024-06-03): days nothing else in the test run writes to.</summary>
    private const string PeriodQuery = "from=1403/03/01&to=1403/03/14";

    private static readonly DateOnly First = new(2024, 5, 21);
    private static readonly string[] Topics = ["water", "electricity", "gas", "municipality"];
    private static readonly string[] Sentiments = ["negative", "neutral", "positive"];
    private static readonly string?[] Counties = ["zanjan", "abhar", "tarom", null];
    private static readonly Dictionary<string, string> AgencyOf = new(StringComparer.Ordinal)
    {
        ["water"] = "zanjan-water-wastewater",
        ["electricity"] = "zanjan-electricity-distribution",
        ["gas"] = "zanjan-gas",
        ["municipality"] = "zanjan-zanjan-municipality",
    };

    private DashboardSite site = null!;
    private PhoneSession phone = null!;
    private TrendEvent[] seeded = [];

    public async Task InitializeAsync()
    {
        site = new DashboardSite(harness.StorageConnectionString);
        site.StartServer();
        seeded = Events();
        await SeedAsync();
        phone = await harness.OpenPhoneAsync(output, nameof(DashboardTests), site.Address);
    }

    public async Task DisposeAsync()
    {
        await phone.DisposeAsync();
        await site.DisposeAsync();
    }

    /// <summary>What <see cref="DisposeAsync"/> already did, if it ran; both may be called.</summary>
    public void Dispose() => site?.Dispose();

    private ILocator Figure(string term) => phone.Page.Locator("#summary div").Filter(new() { Has = phone.Page.Locator("dt", new() { HasTextString = term }) }).Locator("dd .value");

    [BrowserFact]
    public async Task A_period_shows_its_figures_and_charts_with_the_same_data_in_tables_on_a_phone()
    {
        var page = phone.Page;
        await phone.GotoAsync($"/dashboard?{PeriodQuery}");

        await Expect(Figure("تعداد بازخورد")).ToHaveTextAsync(Persian(seeded.Length));
        await Expect(page.Locator("#period-text")).ToHaveTextAsync("از ۱۴۰۳/۰۳/۰۱ تا ۱۴۰۳/۰۳/۱۴");
        await Expect(page.Locator("#series-table tbody tr")).ToHaveCountAsync(14);
        await Expect(page.Locator("#series-table tbody tr").First.Locator("th")).ToHaveTextAsync("۱۴۰۳/۰۳/۰۱");
        foreach (var chart in (string[])["volume-chart", "share-chart", "topic-chart"])
        {
            var canvas = page.Locator($"#{chart}");
            await Expect(canvas).ToBeVisibleAsync();
            await Expect(canvas).ToHaveAttributeAsync("role", "img");
            await Expect(canvas).ToHaveAttributeAsync("aria-label", new Regex("داده‌ها در جدول"));
            Assert.True(await page.EvaluateAsync<bool>($"() => window.Chart.getChart('{chart}')?.data.datasets.length > 0"), $"{chart} was not drawn");
        }
        var waterRow = page.Locator("#topic-table tbody tr").Filter(new() { HasTextString = "آب و فاضلاب" });
        await Expect(waterRow.Locator("td").First).ToHaveTextAsync(Persian(seeded.Count(item => item.Cell.Topic == "water")));
        Assert.Equal(
            seeded.Length,
            (await page.Locator("#series-table tbody tr td:nth-of-type(1)").AllTextContentsAsync()).Sum(count => int.Parse(Digits.ToAscii(count), CultureInfo.InvariantCulture)));
        await Expect(page.Locator("#sla-summary")).ToContainTextAsync("مهلت ۱ مورد گذشت");
        await phone.ScreenshotAsync("period");

        Assert.False(await phone.ScrollsSidewaysAsync(), "the dashboard is wider than a 360 px phone");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('script:not([src]), style').length"));
        Assert.Empty(phone.Problems);
    }

    [BrowserFact]
    public async Task Choosing_a_topic_narrows_the_view_and_its_csv_downloads_as_persian_utf8()
    {
        var page = phone.Page;
        await phone.GotoAsync($"/dashboard?{PeriodQuery}");
        await Expect(Figure("تعداد بازخورد")).ToHaveTextAsync(Persian(seeded.Length));

        await page.Locator("#topic-table").GetByRole(AriaRole.Button, new() { Name = "گاز" }).ClickAsync();

        var gas = seeded.Count(item => item.Cell.Topic == "gas");
        await Expect(Figure("تعداد بازخورد")).ToHaveTextAsync(Persian(gas));
        await Expect(page.GetByLabel("موضوع", new() { Exact = true })).ToHaveValueAsync("gas");
        Assert.Contains("topic=gas", page.Url, StringComparison.Ordinal);
        await phone.ScreenshotAsync("gas");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "دریافت CSV شهرستان‌ها" }).ClickAsync());
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.EndsWith("-counties.csv", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes.AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("کلید,شهرستان,تعداد", lines[0], StringComparison.Ordinal);
        Assert.Equal(gas, lines.Skip(1).Sum(line => int.Parse(line.Split(',')[2], CultureInfo.InvariantCulture)));
        Assert.Contains(lines, line => line.StartsWith("abhar,ابهر,", StringComparison.Ordinal));
        Assert.Empty(phone.Problems);
    }

    [BrowserFact]
    public async Task The_items_behind_a_view_are_listed_newest_first_with_the_phone_number_masked()
    {
        var page = phone.Page;
        await phone.GotoAsync($"/dashboard?{PeriodQuery}&topic=water");
        await Expect(Figure("تعداد بازخورد")).ToHaveTextAsync(Persian(seeded.Count(item => item.Cell.Topic == "water")));

        await page.GetByRole(AriaRole.Button, new() { Name = "نمایش موارد این نما" }).ClickAsync();

        var rows = page.Locator("#items-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First.Locator("th")).ToHaveTextAsync(Digits.ToPersian("7300000029"));
        await Expect(rows.Nth(1)).ToContainTextAsync("شماره من *** است");
        await Expect(page.Locator("#items-table")).Not.ToContainTextAsync("۴۵۶۷");
        await Expect(page.Locator("#items-progress")).ToHaveTextAsync("۲ مورد نمایش داده شد.");
        await phone.ScreenshotAsync("items");
        Assert.False(await phone.ScrollsSidewaysAsync(), "the items table widens the page");
        Assert.Empty(phone.Problems);
    }

    [BrowserFact]
    public async Task A_date_that_is_not_a_jalali_date_is_pointed_out_on_its_field()
    {
        var page = phone.Page;
        await phone.GotoAsync($"/dashboard?{PeriodQuery}");
        await Expect(Figure("تعداد بازخورد")).ToHaveTextAsync(Persian(seeded.Length));

        await page.GetByLabel("از تاریخ").FillAsync("۱۴۰۳/۰۲/۳۲");
        await page.GetByRole(AriaRole.Button, new() { Name = "نمایش", Exact = true }).ClickAsync();

        await Expect(page.Locator("#from-error")).ToContainTextAsync("تاریخ آغاز درست نیست");
        await Expect(page.GetByLabel("از تاریخ")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("از تاریخ")).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("تاریخ‌ها را بررسی کنید");
        Assert.Empty(phone.Problems);
    }

    [BrowserFact]
    public async Task Someone_not_signed_in_is_sent_to_sign_in_and_shown_no_figures()
    {
        site.SignedIn = null;
        await phone.GotoAsync("/dashboard");

        var alert = phone.Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("باید به‌عنوان کارکنان وارد شوید");
        // The sign-in brings them back to the dashboard they asked for.
        await Expect(alert.GetByRole(AriaRole.Link, new() { Name = "ورود کارکنان" })).ToHaveAttributeAsync("href", "/staff/home?return=%2Fdashboard");
        await Expect(phone.Page.Locator("#report")).ToBeHiddenAsync();
        await phone.ScreenshotAsync("signed-out");
    }

    /// <summary>Two weeks of routed items over a few topics, sentiments, counties and ratings; the same every run.</summary>
    private static TrendEvent[] Events()
    {
        var random = new Random(1403_03_01);
        return Enumerable.Range(0, 120).Select(index =>
        {
            var topic = Topics[random.Next(Topics.Length)];
            return new TrendEvent(
                Enumerable.Range(0, 10).Select(check => TrackingCode.FromCanonical($"72{index:D7}{check}")).First(code => code is not null)!,
                "zanjan",
                First.AddDays(random.Next(14)),
                new TrendCell(topic, Sentiments[random.Next(Sentiments.Length)], AgencyOf[topic], Counties[random.Next(Counties.Length)], random.Next(6) is var rating and > 0 ? rating : null));
        }).ToArray();
    }

    private async Task SeedAsync()
    {
        var counters = site.Services.GetRequiredService<ITrendCounters>();
        await Task.WhenAll(seeded.Select(item => counters.RecordAsync(item, CancellationToken.None)));

        // Two items stored and processed, so that the drill-down lists them (each counted and listed in one write).
        var store = site.Services.GetRequiredService<IFeedbackStore>();
        foreach (var (trackingCode, hour, text) in (IEnumerable<(string, int, string)>)[("7300000010", 10, "لوله اصلی ترکیده و آب نداریم، شماره من ۰۹۱۲ ۱۲۳ ۴۵۶۷ است"), ("7300000029", 11, "فشار آب طبقه بالا خیلی کم است")])
        {
            var item = await SeedItemAsync(store, trackingCode, hour, text);
            await counters.RecordAsync(item, CancellationToken.None);
            seeded = [.. seeded, TrendEvent.Of(item)];
        }

        var tables = StorageClients.FromConnectionString(harness.StorageConnectionString).Tables;
        await tables.CreateTableIfNotExistsAsync("SlaBreaches", CancellationToken.None);
        var flaggedAt = JalaliDays.StartOf(First.AddDays(3)).AddHours(10);
        var inverted = (DateTimeOffset.MaxValue.Ticks - flaggedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        await tables.GetTableClient("SlaBreaches").UpsertEntityAsync(new TableEntity("zanjan", $"{inverted}|7300000010|resolve")
        {
            ["AgencyKey"] = AgencyOf["water"],
            ["Kind"] = SlaBreach.Resolve,
            ["DueAt"] = flaggedAt.AddHours(-2),
            ["FlaggedAt"] = flaggedAt,
            ["Topic"] = "water",
        }, TableUpdateMode.Replace, CancellationToken.None);
    }

    private static async Task<FeedbackItem> SeedItemAsync(IFeedbackStore store, string trackingCode, int hour, string text)
    {
        var receivedAt = JalaliDays.StartOf(First.AddDays(5)).AddHours(hour);
        var item = new FeedbackItem
        {
            TrackingCode = TrackingCode.FromCanonical(trackingCode)!,
            Channel = FeedbackChannel.Web,
            Text = text,
            Province = "zanjan",
            County = "abhar",
            ReceivedAt = receivedAt,
            Status = FeedbackStatus.Routed,
            Assessment = new Assessment("negative", 0.9, "water", 0.9, false, "None", AgencyOf["water"], "seeded"),
        };
        await store.TryCreateAsync(item, CancellationToken.None);
        await store.IndexAsync(item, CancellationToken.None);
        return item;
    }

    private static string Persian(int number) => Digits.ToPersian(number.ToString(CultureInfo.InvariantCulture));

    /// <summary>The app on a Kestrel port with a governorate analyst of Zanjan signed in (<see cref="SignedIn"/>, null for nobody).</summary>
    private sealed class DashboardSite : WebApplicationFactory<Program>
    {
        private readonly string storageConnectionString;

        public DashboardSite(string storageConnectionString)
        {
            this.storageConnectionString = storageConnectionString;
            UseKestrel(0);
        }

        public StaffUser? SignedIn { get; set; } = new("analyst-zanjan", "کارشناس استانداری زنجان", StaffRole.GovernorateAnalyst, "zanjan", null);

        public Uri Address
        {
            get
            {
                StartServer();
                return ClientOptions.BaseAddress;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Feedback:Mode", "Local");
            builder.UseSetting("Feedback:StorageConnectionString", storageConnectionString);
            builder.UseSetting("Feedback:SmsInboundSecret", Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
            builder.UseSetting("Feedback:PhoneEncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            builder.UseSetting("Feedback:PhoneLookupKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IStaffUserResolver>();
                services.AddSingleton<IStaffUserResolver>(new SignedInResolver(this));
            });
        }
    }

    private sealed class SignedInResolver(DashboardSite site) : IStaffUserResolver
    {
        public Task<StaffUser?> ResolveAsync(HttpContext context, CancellationToken cancellationToken) => Task.FromResult(site.SignedIn);
    }
}
