using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Feedback.Core.Items;
using Feedback.Core.Trends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>
/// Every page of the site, at 1280 px (a desktop) and 390 px (a phone), as the role that uses it: it renders with no
/// script error or CSP refusal, a phone never scrolls sideways, a screenshot is saved, and axe-core (Deque's, run
/// in the page by Playwright) finds no serious or critical accessibility violation.
/// </summary>
[Collection(BrowserHarness.Collection)]
public sealed class EveryPageTests(BrowserHarness harness, ITestOutputHelper output)
{
    private const string WaterStaff = "demo-zanjan-water";
    private const string ZanjanAnalyst = "demo-zanjan-analyst";
    private const string NationalAdmin = "demo-national-admin";

    /// <summary>A page: where it is, who is signed in to see it (null: nobody), and what shows once it is ready.</summary>
    private sealed record Visit(string Path, string? SignedInAs, string Ready);

    private static readonly Dictionary<string, Visit> Visits = new(StringComparer.Ordinal)
    {
        ["citizen-form"] = new("/", null, "#main h1"),
        ["status"] = new("/status", null, "#code"),
        ["status-of-an-item"] = new("/status?code={code}", null, "#status-result"),
        ["not-found"] = new("/no-such-page", null, "#main h1"),
        ["dev-phone"] = new("/dev/phone", null, "#main h1"),
        ["staff-sign-in"] = new("/staff/sign-in", null, "#demo-users button"),
        ["inbox"] = new("/staff", WaterStaff, "#items li"),
        ["item-view"] = new("/staff?code={code}", WaterStaff, "#detail"),
        ["dashboard"] = new("/dashboard", ZanjanAnalyst, "#report"),
        ["dashboard-national-admin"] = new("/dashboard?province=zanjan", NationalAdmin, "#report"),
        ["province-picker"] = new("/staff/provinces", NationalAdmin, ".province-list li"),
        ["scorecard"] = new("/scorecard", null, "#agencies-table tbody tr"),
    };

    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static string? seededCode;

    public static TheoryData<string, int> Pages()
    {
        var pages = new TheoryData<string, int>();
        foreach (var page in Visits.Keys)
        {
            pages.Add(page, 1280);
            pages.Add(page, 390);
        }
        return pages;
    }

    [BrowserTheory]
    [MemberData(nameof(Pages))]
    public async Task The_page_renders_with_no_serious_accessibility_violation(string page, int width)
    {
        var code = await SeededCodeAsync();
        var visit = Visits[page];
        await using var tab = await harness.OpenScreenAsync(output, $"{nameof(EveryPageTests)}.{page}.{width}", width);
        if (visit.SignedInAs is { } user)
            await SignInAsync(tab, user);

        var response = await tab.GotoAsync(visit.Path.Replace("{code}", code, StringComparison.Ordinal));
        await Expect(tab.Page.Locator(visit.Ready).First).ToBeVisibleAsync();
        await tab.ScreenshotAsync("page");
        var axe = await tab.Page.RunAxe();

        Assert.Equal(page == "not-found" ? 404 : 200, response.Status);
        Assert.NotEmpty(axe.Passes);
        var serious = axe.Violations.Where(violation => violation.Impact is "serious" or "critical").Select(Describe).ToList();
        Assert.True(serious.Count == 0, $"axe found on {visit.Path} at {width} px:\n{string.Join('\n', serious)}");
        Assert.Empty(tab.Problems);
        if (width < 1024)
            Assert.False(await tab.ScrollsSidewaysAsync(), $"{visit.Path} scrolls sideways at {width} px");
    }

    [BrowserFact]
    public async Task The_check_finds_a_critical_violation_where_there_is_one()
    {
        await using var tab = await harness.OpenScreenAsync(output, $"{nameof(EveryPageTests)}.planted", 390);
        await tab.GotoAsync("/");
        await tab.Page.EvaluateAsync("() => document.getElementById('main').append(document.createElement('button'))");

        var axe = await tab.Page.RunAxe();

        Assert.Contains(axe.Violations, violation => violation.Id == "button-name" && violation.Impact == "critical");
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Impact} {violation.Id}: {violation.Help} — {string.Join("; ", violation.Nodes.Take(3).Select(node => string.Join(' ', node.Target?.ToString(), node.Html)))}";

    /// <summary>Signs the tab in as a demo member of staff, the way the sign-in page does (Local mode).</summary>
    private static async Task SignInAsync(PhoneSession tab, string userId)
    {
        await tab.GotoAsync("/staff/sign-in");
        var status = await tab.Page.EvaluateAsync<int>(
            "userId => fetch('/api/staff/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Feedback-Staff': '1' }, body: JSON.stringify({ userId }) }).then(response => response.status)",
            userId);
        Assert.Equal(200, status);
    }

    /// <summary>
    /// Six water and six electricity complaints of today, routed and counted as processing would leave them (the first
    /// one's code for the status page and the item view): the inbox, the dashboard and the scorecard have something
    /// to show, and the scorecard at least one group of k even if a smaller one (another test's) hides the other.
    /// </summary>
    private async Task<string> SeededCodeAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (seededCode is not null)
                return seededCode;
            var services = harness.Site.Services;
            var store = services.GetRequiredService<IFeedbackStore>();
            var counters = services.GetRequiredService<ITrendCounters>();
            var receivedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            var items = new List<FeedbackItem>();
            foreach (var (topic, agency, text) in (IEnumerable<(string, string, string)>)[
                ("water", "zanjan-water-wastewater", "آب محله ما سه روز است قطع است و کسی پاسخگو نیست"),
                ("electricity", "zanjan-electricity-distribution", "برق خیابان ما هر شب دو ساعت قطع می‌شود")])
            {
                for (var index = 0; index < 6; index++)
                {
                    var item = new FeedbackItem
                    {
                        TrackingCode = TrackingCode.NewCode(),
                        Channel = FeedbackChannel.Web,
                        Text = text,
                        Province = "zanjan",
                        County = "abhar",
                        ReceivedAt = receivedAt,
                        Status = FeedbackStatus.Routed,
                        Assessment = new Assessment("negative", 0.9, topic, 0.9, false, "None", agency, "seeded"),
                        History =
                        [
                            new StatusChange(receivedAt, FeedbackStatus.Received, "ثبت شد"),
                            new StatusChange(receivedAt.AddSeconds(5), FeedbackStatus.Routed, "ارجاع شد"),
                        ],
                    };
                    Assert.NotNull(await store.TryCreateAsync(item, CancellationToken.None));
                    await store.IndexAsync(item, CancellationToken.None);
                    await counters.RecordAsync(item, CancellationToken.None);
                    items.Add(item);
                }
            }
            seededCode = items[0].TrackingCode.Value;
            return seededCode;
        }
        finally
        {
            Seeding.Release();
        }
    }
}
