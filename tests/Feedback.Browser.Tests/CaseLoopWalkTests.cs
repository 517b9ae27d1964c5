using System.Text.Json;
using System.Text.RegularExpressions;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Time;
using Feedback.Functions.Configuration;
using Feedback.Storage.Notifications;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>
/// Issue 18's walk, in the pages a citizen, a clerk and an analyst use: a bare «۵» is recorded, not a case, and counted
/// as satisfaction; a complaint becomes a case; the clerk asks, the citizen answers from their phone; the clerk resolves
/// with a long answer, the citizen reads all of it through the SMS's link; the resolution survey's «۲» reopens the case;
/// a reassignment leaves every agency's dashboard count equal to its drill-down. A screenshot of each step.
/// </summary>
[Collection(BrowserHarness.Collection)]
public sealed partial class CaseLoopWalkTests(BrowserHarness harness, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const float PipelineTimeout = 60_000;

    /// <summary>12:00 in Tehran on a working Saturday (1405/08/30): no SMS waits for quiet hours.</summary>
    private static readonly DateTimeOffset TehranNoon = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private const string Water = "zanjan-water-wastewater";
    private const string Electricity = "zanjan-electricity-distribution";

    private readonly Azurite azurite = new();
    private readonly ManualClock clock = new(TehranNoon);
    private InboxTests.InboxSite site = null!;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
            return;
        await azurite.InitializeAsync();
        site = new InboxTests.InboxSite(azurite.ConnectionString, clock);
    }

    public async Task DisposeAsync()
    {
        if (site is not null)
            await site.DisposeAsync();
        await azurite.DisposeAsync();
    }

    /// <summary>What <see cref="DisposeAsync"/> already did, if it ran; both may be called.</summary>
    public void Dispose()
    {
        site?.Dispose();
        azurite.Dispose();
    }

    [BrowserFact]
    public async Task From_a_rating_to_a_reopened_case_the_citizen_clerk_and_analyst_see_the_same_story()
    {
        await using var phone = await harness.OpenPhoneAsync(output, nameof(CaseLoopWalkTests), site.Address);
        var page = phone.Page;
        const string Praiser = "09127000001";
        const string Citizen = "09127000002";
        const string Complaint = "آب کوچه ما از دیروز قطع است و هنوز کسی پاسخگو نیست.";
        const string Question = "لطفاً نشانی دقیق محل قطعی آب را بفرستید.";
        const string Address = "خیابان بهار، کوچه لاله، پلاک ۱۲";
        var longAnswer = string.Join(' ', Enumerable.Repeat("لوله اصلی خیابان شما در روز شنبه تعویض شد و فشار آب به حالت عادی برگشت؛ کنتور پلاک شما هم بازدید شد.", 6));

        // 1. A bare «۵» from the citizen's phone is recorded as feedback: thanked, no case.
        var rating = TrackingCode.FromCanonical((await SendSmsAsync(Praiser, "۵")).GetProperty("trackingCode").GetString())!;
        var praise = await WaitForItemAsync(rating, item => item.Status != FeedbackStatus.Received);
        Assert.Equal(FeedbackStatus.Recorded, praise.Status);
        Assert.Equal(ItemKind.Feedback, praise.Assessment!.Kind);
        await WaitForSmsAsync(Praiser, text => text.Contains("سپاس", StringComparison.Ordinal));
        await phone.GotoAsync($"/dev/phone?number={Praiser}");
        await phone.ScreenshotAsync("1-rating-recorded");

        // 2. A complaint from the form becomes a case in the water company's inbox.
        await phone.GotoAsync("/");
        await page.GetByLabel("متن بازخورد").FillAsync(Complaint);
        await page.GetByLabel("شماره تلفن همراه").FillAsync(Citizen);
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت بازخورد" }).ClickAsync();
        await Expect(page.Locator("#tracking-code")).ToHaveTextAsync(PersianTrackingCode());
        var code = TrackingCode.FromCanonical(Digits.ToAscii(await page.Locator("#tracking-code").InnerTextAsync()))!;
        var routed = await WaitForItemAsync(code, item => item.Status != FeedbackStatus.Received);
        Assert.Equal(FeedbackStatus.Routed, routed.Status);
        Assert.Equal(Water, routed.Assessment!.AgencyKey);
        await phone.ScreenshotAsync("2-complaint-sent");

        // 3. The clerk asks for the address; the question reaches the citizen's phone.
        await SignInAsync(phone, "ورود به عنوان کارشناس شرکت آب و فاضلاب زنجان");
        await phone.GotoAsync($"/staff?code={code}");
        await Expect(page.Locator("#detail-text")).ToHaveTextAsync(Complaint);
        await page.GetByLabel("پرسش از شهروند").FillAsync(Question);
        await page.GetByRole(AriaRole.Button, new() { Name = "ارسال پرسش" }).ClickAsync();
        await Expect(page.Locator("#confirm-sms")).ToHaveTextAsync(SmsTemplates.Question(code, Question));
        await page.GetByRole(AriaRole.Button, new() { Name = "تأیید و ثبت" }).ClickAsync();
        await Expect(page.Locator("#detail-progress")).ToContainTextAsync("پرسش برای شهروند پیامک می‌شود");
        await Expect(page.Locator("#detail-extra")).ToContainTextAsync("در انتظار پاسخ");
        await phone.ScreenshotAsync("3-clerk-asks");
        await WaitForSmsAsync(Citizen, text => text == SmsTemplates.Question(code, Question));

        // 4. The citizen answers from the phone: processing takes the answer to the case, and the SMS's own code says so.
        clock.Now += TimeSpan.FromHours(2);
        await phone.GotoAsync($"/dev/phone?number={Citizen}");
        await Expect(page.Locator(".sms").Filter(new() { HasText = Question })).ToHaveCountAsync(1);
        await phone.ScreenshotAsync("4-citizen-reads-the-question");
        var answer = TrackingCode.FromCanonical((await SendSmsAsync(Citizen, Address)).GetProperty("trackingCode").GetString())!;
        Assert.NotEqual(code, answer);
        var attached = await WaitForItemAsync(answer, item => item.Status != FeedbackStatus.Received);
        Assert.Equal(FeedbackStatus.Attached, attached.Status);
        Assert.Equal(code, attached.AttachedTo);
        await phone.GotoAsync($"/status?code={answer}");
        await Expect(page.Locator("#result-status")).ToHaveTextAsync("به پرونده پیشین شما افزوده شد");
        await phone.GotoAsync($"/staff?code={code}");
        await Expect(page.Locator("#detail-extra")).ToContainTextAsync(Address);

        // 5. The clerk resolves with a long answer.
        await page.GetByLabel("پاسخ به شهروند").FillAsync(longAnswer);
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت رسیدگی و ارسال پاسخ" }).ClickAsync();
        await Expect(page.Locator("#confirm-sms")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "تأیید و ثبت" }).ClickAsync();
        await Expect(page.Locator("#detail-progress")).ToContainTextAsync("رسیدگی ثبت شد");
        await phone.ScreenshotAsync("5-resolved-with-a-long-answer");

        // 6. The citizen reads all of it through the SMS's link.
        var link = site.Services.GetRequiredService<PublicPages>().StatusOf(code);
        var resolvedSms = await WaitForSmsAsync(Citizen, text => text.Contains(link.AbsoluteUri, StringComparison.Ordinal));
        Assert.True(SmsSegments.Count(resolvedSms) <= SmsTemplates.MaxResolutionLinkSegments);
        await phone.GotoAsync(link.PathAndQuery);
        await Expect(page.Locator("#result-answer-text")).ToHaveTextAsync(longAnswer);
        await phone.ScreenshotAsync("6-citizen-reads-the-whole-answer");

        // 7. The resolution survey's «۲» reopens the case, and the clerk's inbox shows it so.
        await WaitForSmsAsync(Citizen, text => text == SmsTemplates.ResolutionSurvey(code));
        clock.Now += TimeSpan.FromHours(1);
        await phone.GotoAsync($"/dev/phone?number={Citizen}");
        await Expect(page.Locator(".sms").Filter(new() { HasText = "حل شد؟" })).ToHaveCountAsync(1);
        var survey = TrackingCode.FromCanonical((await SendSmsAsync(Citizen, "۲")).GetProperty("trackingCode").GetString())!;
        Assert.Equal(code, (await WaitForItemAsync(survey, item => item.Status != FeedbackStatus.Received)).AttachedTo);
        var reopened = await WaitForItemAsync(code, item => item.ReopenCount == 1);
        Assert.Equal(FeedbackStatus.Routed, reopened.Status);
        Assert.Equal(2, reopened.ResolutionRating);
        await phone.GotoAsync($"/staff?code={code}");
        await Expect(page.Locator("#detail-extra")).ToContainTextAsync("دوباره باز کرد");
        await phone.ScreenshotAsync("7-case-reopened");

        // 8. The clerk reassigns it to the electricity company; the analyst's counts equal the drill-down.
        await page.GetByLabel("ارجاع به دستگاه دیگر").SelectOptionAsync(Electricity);
        await page.GetByLabel("چرا به این دستگاه ارجاع نادرست شده است؟").FillAsync("قطعی آب از قطع برق پمپ است");
        await page.GetByRole(AriaRole.Button, new() { Name = "ارجاع", Exact = true }).ClickAsync();
        await Expect(page.Locator("#detail-progress")).ToContainTextAsync("ارجاع شد");
        await WaitForItemAsync(code, item => item.Assessment!.AgencyKey == Electricity && item.CountedRevision == Core.Trends.TrendEvent.RevisionOf(item));
        await phone.ScreenshotAsync("8-reassigned");

        await SignInAsync(phone, "ورود به عنوان کارشناس استانداری زنجان");
        var day = Digits.ToAscii(TehranTime.JalaliDate(TehranNoon));
        await phone.GotoAsync($"/dashboard?from={day}&to={day}");
        var report = await GetJsonAsync(page, $"/api/trends?from={day}&to={day}");
        foreach (var row in report.GetProperty("byAgency").EnumerateArray())
        {
            var agency = row.GetProperty("key").GetString()!;
            var listed = await GetJsonAsync(page, $"/api/trends/items?from={day}&to={day}&agency={agency}");
            Assert.Equal(row.GetProperty("tally").GetProperty("volume").GetInt64(), listed.GetProperty("items").GetArrayLength());
        }
        var electricity = report.GetProperty("byAgency").EnumerateArray().Single(row => row.GetProperty("key").GetString() == Electricity).GetProperty("tally");
        Assert.Equal(1, electricity.GetProperty("reopened").GetInt64());
        Assert.Equal(1, electricity.GetProperty("resolved").GetInt64());
        Assert.Equal(1.0, electricity.GetProperty("reopenRate").GetDouble());
        Assert.Equal(5.0, report.GetProperty("totals").GetProperty("averageRating").GetDouble());
        await Expect(page.Locator("#resolution-table")).ToContainTextAsync("شرکت توزیع نیروی برق استان زنجان");
        await phone.ScreenshotAsync("9-dashboard-counts");

        Assert.Empty(phone.Problems);
    }

    private static async Task SignInAsync(PhoneSession phone, string button)
    {
        await phone.GotoAsync("/staff/sign-in");
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await Expect(phone.Page).ToHaveURLAsync(new Regex("/(staff|dashboard)$"));
    }

    /// <summary>An SMS from <paramref name="mobile"/> as Kavenegar forwards it (the inbound SMS endpoint); its answer.</summary>
    private async Task<JsonElement> SendSmsAsync(string mobile, string message)
    {
        using var client = new HttpClient { BaseAddress = site.Address };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["messageid"] = Guid.NewGuid().ToString("N"), ["from"] = mobile, ["to"] = "10004346", ["message"] = message });
        var secret = site.Services.GetRequiredService<IOptions<PipelineSettings>>().Value.SmsInboundSecret;
        using var response = await client.PostAsync($"/api/sms/inbound/{secret}", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> GetJsonAsync(IPage page, string path) =>
        JsonDocument.Parse(await page.EvaluateAsync<string>("path => fetch(path, { cache: 'no-store' }).then(response => response.text())", path)).RootElement.Clone();

    private async Task<FeedbackItem> WaitForItemAsync(TrackingCode code, Func<FeedbackItem, bool> done)
    {
        var store = site.Services.GetRequiredService<IFeedbackStore>();
        for (var tries = 0; tries < PipelineTimeout / 200; tries++)
        {
            if (await store.GetAsync(code, CancellationToken.None) is { } item && done(item))
                return item;
            await Task.Delay(200);
        }
        throw new TimeoutException($"{code} did not get there within a minute");
    }

    private async Task<string> WaitForSmsAsync(string mobile, Func<string, bool> wanted)
    {
        var phones = site.Services.GetRequiredService<PhoneProtector>();
        var outbox = site.Services.GetRequiredService<TableOutboxGateway>();
        var hash = phones.LookupHash(IranianMobile.Parse(mobile).Mobile!);
        for (var tries = 0; tries < PipelineTimeout / 200; tries++)
        {
            if ((await outbox.ListAsync(hash, CancellationToken.None)).Select(sms => sms.Text).FirstOrDefault(wanted) is { } text)
                return text;
            await Task.Delay(200);
        }
        throw new TimeoutException($"the SMS did not reach {mobile}'s outbox within a minute");
    }

    [GeneratedRegex("^[۰-۹]{10}$")]
    private static partial Regex PersianTrackingCode();

}
