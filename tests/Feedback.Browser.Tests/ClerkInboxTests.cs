using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Feedback.Core.Clients;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Storage.Clients;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>
/// A clerk's inbox on a desktop and a 390-px phone: filters folded on the phone, deadlines in the list (overdue marked,
/// «تا پایان …»), sorted by deadline; the item named by its service and counter office, no survey id; and before a
/// resolution, the SMS the citizen will get, to confirm or go back and edit.
/// </summary>
[Collection(BrowserHarness.Collection)]
public sealed class ClerkInboxTests(BrowserHarness harness, ITestOutputHelper output)
{
    private const string Water = "zanjan-water-wastewater";

    [BrowserTheory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_clerk_finds_the_overdue_item_first_reads_names_and_confirms_the_sms(int width)
    {
        var marker = $"نشانی{RandomNumberGenerator.GetInt32(1_000_000):D6}";
        var now = DateTimeOffset.UtcNow;
        var overdue = await SeedAsync($"فشار آب کوچه {marker} یک ماه است کم است", now.AddDays(-30));
        var officeName = $"دفتر پیشخوان {RandomNumberGenerator.GetInt32(1000):D3} زنجان";
        var surveyId = Guid.NewGuid().ToString("N");
        var named = await SeedAsync($"برای انشعاب آب {marker} دو هفته معطل شدم", now.AddHours(-1), serviceName: "انشعاب آب", officeName, surveyId);
        await using var screen = await harness.OpenScreenAsync(output, $"{nameof(ClerkInboxTests)}.{width}", width);
        var page = screen.Page;

        await screen.GotoAsync("/staff/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "ورود به عنوان کارشناس شرکت آب و فاضلاب زنجان" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/staff$"));
        var filters = page.Locator("#filters-box");
        if (width < 600)
        {
            await Expect(filters).Not.ToHaveAttributeAsync("open", string.Empty);
            await screen.ScreenshotAsync("filters-folded");
            await page.GetByText("جستجو، پالایش و ترتیب").ClickAsync();
        }
        await Expect(filters).ToHaveAttributeAsync("open", string.Empty);
        await page.GetByLabel("جستجو در متن پیام‌ها").FillAsync(marker);
        await page.GetByLabel("ترتیب").SelectOptionAsync("deadline");
        await page.GetByRole(AriaRole.Button, new() { Name = "نمایش", Exact = true }).ClickAsync();

        var rows = page.Locator("#items > li");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync(Digits.ToPersian(overdue.TrackingCode.Value));
        await Expect(rows.First).ToContainTextAsync("مهلت گذشته");
        await Expect(rows.First.Locator(".item-deadline")).ToContainTextAsync("مهلت رؤیت: تا پایان ");
        await Expect(rows.Nth(1)).ToContainTextAsync(Digits.ToPersian(named.TrackingCode.Value));
        Assert.False(await screen.ScrollsSidewaysAsync());
        await screen.ScreenshotAsync("list-by-deadline");

        await rows.Nth(1).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveTitleAsync(new Regex($"^بازخورد {Digits.ToPersian(named.TrackingCode.Value)} \\| کارتابل"));
        var facts = page.Locator("#detail-facts");
        await Expect(facts).ToContainTextAsync("انشعاب آب");
        await Expect(facts).ToContainTextAsync(officeName);
        await Expect(facts).Not.ToContainTextAsync(surveyId);
        await Expect(facts).ToContainTextAsync("تا پایان ");

        const string Reply = "کارشناس ما فردا برای نصب انشعاب مراجعه می‌کند.";
        await page.GetByLabel("پاسخ به شهروند").FillAsync(Reply);
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت رسیدگی و ارسال پاسخ" }).ClickAsync();
        await Expect(page.Locator("#confirm-sms")).ToContainTextAsync(Reply);
        await screen.ScreenshotAsync("confirm-sms");
        await page.GetByRole(AriaRole.Button, new() { Name = "بازگشت و ویرایش" }).ClickAsync();
        await Expect(page.GetByLabel("پاسخ به شهروند")).ToBeFocusedAsync();
        await Expect(page.Locator("#confirm-box")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت رسیدگی و ارسال پاسخ" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "تأیید و ثبت" }).ClickAsync();
        await Expect(page.Locator("#detail-progress")).ToContainTextAsync("رسیدگی ثبت شد");
        Assert.False(await screen.ScrollsSidewaysAsync());
        await screen.ScreenshotAsync("resolved");
        Assert.Empty(screen.Problems);
    }

    /// <summary>An item routed to the water company at <paramref name="receivedAt"/>, with a phone; optionally from a survey of a named service at a catalogued counter office.</summary>
    private async Task<FeedbackItem> SeedAsync(string text, DateTimeOffset receivedAt, string? serviceName = null, string? officeName = null, string? surveyId = null)
    {
        var services = harness.Site.Services;
        string? officeId = null;
        if (officeName is not null)
        {
            var (_, keyHash) = ApiKeys.Create();
            officeId = TableApiKeyStore.ClientIdOf(keyHash);
            await services.GetRequiredService<IApiKeyStore>().SaveAsync(keyHash, new ApiClient(officeId, officeName, "zanjan", receivedAt, Revoked: false), CancellationToken.None);
        }
        var phones = services.GetRequiredService<PhoneProtector>();
        var mobile = IranianMobile.Parse($"0912{RandomNumberGenerator.GetInt32(10_000_000):D7}").Mobile!;
        var item = new FeedbackItem
        {
            TrackingCode = TrackingCode.NewCode(),
            Channel = officeId is null ? FeedbackChannel.Web : FeedbackChannel.Sms,
            Text = text,
            Province = "zanjan",
            County = "abhar",
            ReceivedAt = receivedAt,
            EncryptedPhone = phones.Encrypt(mobile),
            PhoneHash = phones.LookupHash(mobile),
            ServiceCode = serviceName is null ? null : "water-new-connection",
            ServiceName = serviceName,
            CounterOffice = officeId,
            SurveyId = surveyId,
            Status = FeedbackStatus.Routed,
            Assessment = new Assessment("negative", 0.91, "water", 0.87, false, "None", Water, "set by the test"),
            History =
            [
                new StatusChange(receivedAt, FeedbackStatus.Received, "ثبت شد"),
                new StatusChange(receivedAt.AddSeconds(5), FeedbackStatus.Routed, "ارجاع شد"),
            ],
        };
        var store = services.GetRequiredService<IFeedbackStore>();
        Assert.True(await store.TryCreateAsync(item, CancellationToken.None));
        await store.IndexAsync(item, CancellationToken.None);
        return item;
    }
}
