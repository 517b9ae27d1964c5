using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Storage.Notifications;
using Feedback.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>
/// A water complaint from the citizen form reaches the water company's inbox; its staff open it and resolve it
/// with a reply; the citizen gets the reply by SMS and the status page shows the item resolved. The app's clock
/// stands at Tehran noon, so that no SMS is held back for quiet hours.
/// </summary>
[Collection(BrowserHarness.Collection)]
public sealed partial class InboxTests(BrowserHarness harness, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    /// <summary>In Local mode the app's own runner routes an item within seconds; a loaded machine gets a minute.</summary>
    private const float PipelineTimeout = 60_000;

    /// <summary>12:00 in Tehran on a working Saturday: the status SMS is not held back for quiet hours.</summary>
    private static readonly DateTimeOffset TehranNoon = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private readonly Azurite azurite = new();
    private InboxSite site = null!;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
            return;
        // The app's own storage: the shared site's queue runner must not take this app's SMS (or the other way round).
        await azurite.InitializeAsync();
        site = new InboxSite(azurite.ConnectionString, new ManualClock(TehranNoon));
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
    public async Task A_water_complaint_is_resolved_from_the_water_companys_inbox_and_the_citizen_is_told()
    {
        await using var phone = await harness.OpenPhoneAsync(output, nameof(InboxTests), site.Address);
        var page = phone.Page;
        const string Complaint = "آب محله ما از دیروز صبح قطع است و هنوز کسی پاسخگو نیست.";
        const string Mobile = "09127654321";
        const string Reply = "لوله اصلی محله تعمیر شد و آب وصل است.";

        await phone.GotoAsync("/");
        await page.GetByLabel("متن بازخورد").FillAsync(Complaint);
        await page.GetByLabel("شماره تلفن همراه").FillAsync(Mobile);
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت بازخورد" }).ClickAsync();
        await Expect(page.Locator("#tracking-code")).ToHaveTextAsync(PersianTrackingCode());
        await phone.ScreenshotAsync("1-feedback-sent");
        var persianCode = await page.Locator("#tracking-code").InnerTextAsync();
        var code = TrackingCode.FromCanonical(Digits.ToAscii(persianCode))!;

        // The item reaches the inbox once the pipeline has classified and routed it.
        await WaitUntilRoutedAsync(code);
        await phone.GotoAsync("/staff");
        await Expect(page).ToHaveURLAsync(new Regex("/staff/sign-in\\?return=%2Fstaff$"));
        await phone.ScreenshotAsync("2-sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "ورود به عنوان کارشناس شرکت آب و فاضلاب زنجان" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/staff$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "کارتابل شرکت آب و فاضلاب استان زنجان" })).ToBeVisibleAsync();

        var inboxEntry = page.GetByRole(AriaRole.Link).Filter(new() { HasText = persianCode });
        await Expect(inboxEntry).ToBeVisibleAsync();
        await Expect(inboxEntry).ToContainTextAsync("ارجاع شد");
        await phone.ScreenshotAsync("3-inbox");

        await inboxEntry.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"بازخورد {persianCode}" })).ToBeFocusedAsync();
        await Expect(page.Locator("#detail-text")).ToHaveTextAsync(Complaint);
        await Expect(page.Locator("#detail-facts")).ToContainTextAsync(Digits.ToPersian("0912***4321"));
        await phone.ScreenshotAsync("4-item");

        await page.GetByLabel("پاسخ به شهروند").FillAsync(Reply);
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت رسیدگی و ارسال پاسخ" }).ClickAsync();
        // First the exact SMS the citizen will get, to confirm; nothing is saved until then.
        var statusSms = SmsTemplates.Resolved(code, Reply, TehranNoon, site.Services.GetRequiredService<PublicPages>().StatusOf(code));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "پیش از ثبت: پیامکی که شهروند دریافت می‌کند" })).ToBeFocusedAsync();
        await Expect(page.Locator("#confirm-sms")).ToHaveTextAsync(statusSms);
        Assert.Equal(FeedbackStatus.Routed, (await site.Services.GetRequiredService<IFeedbackStore>().GetAsync(code, CancellationToken.None))!.Status);
        await phone.ScreenshotAsync("5-confirm-sms");
        await page.GetByRole(AriaRole.Button, new() { Name = "تأیید و ثبت" }).ClickAsync();
        await Expect(page.Locator("#detail-progress")).ToContainTextAsync("رسیدگی ثبت شد");
        await Expect(page.Locator("#detail-facts")).ToContainTextAsync("رسیدگی شد");
        await Expect(page.Locator("#detail-facts")).ToContainTextAsync(Reply);
        Assert.False(await phone.ScrollsSidewaysAsync());
        await phone.ScreenshotAsync("6-resolved");

        var stored = (await site.Services.GetRequiredService<IFeedbackStore>().GetAsync(code, CancellationToken.None))!;
        Assert.Equal(FeedbackStatus.Resolved, stored.Status);
        Assert.Equal("zanjan-water-wastewater", stored.Assessment!.AgencyKey);
        await WaitForSmsAsync(Mobile, statusSms);
        await phone.GotoAsync($"/dev/phone?number={Mobile}");
        var statusMessage = page.Locator(".sms").Filter(new() { HasText = Reply });
        await Expect(statusMessage).ToHaveCountAsync(1);
        await Expect(statusMessage).ToContainTextAsync("رسیدگی شد");
        await phone.ScreenshotAsync("7-citizens-phone");

        await phone.GotoAsync($"/status?code={code}");
        await Expect(page.Locator("#result-code")).ToHaveTextAsync(persianCode);
        // The status key as the API names it, or the citizen pages' Persian label for it once they have one.
        await Expect(page.Locator("#result-status")).ToHaveTextAsync(ResolvedStatus());
        await Expect(page.Locator("#result-history li").Last).ToContainTextAsync(Reply);
        await phone.ScreenshotAsync("8-status-resolved");

        Assert.Empty(phone.Problems);
    }

    [BrowserFact]
    public async Task The_water_company_reads_the_masked_phone_number_only_when_it_asks_and_the_read_is_recorded()
    {
        await using var phone = await harness.OpenPhoneAsync(output, nameof(InboxTests), site.Address);
        var page = phone.Page;
        const string Complaint = "آب کوچه ما قطع است، لطفا با ۰۹۱۲ ۳۴۵ ۶۷۸۹ تماس بگیرید";

        await phone.GotoAsync("/");
        await page.GetByLabel("متن بازخورد").FillAsync(Complaint);
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت بازخورد" }).ClickAsync();
        await Expect(page.Locator("#tracking-code")).ToHaveTextAsync(PersianTrackingCode());
        var code = TrackingCode.FromCanonical(Digits.ToAscii(await page.Locator("#tracking-code").InnerTextAsync()))!;
        await WaitUntilRoutedAsync(code);

        await phone.GotoAsync("/staff/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "ورود به عنوان کارشناس شرکت آب و فاضلاب زنجان" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/staff$"));
        await phone.GotoAsync($"/staff?code={code}");
        await Expect(page.Locator("#detail-text")).ToHaveTextAsync("آب کوچه ما قطع است، لطفا با *** تماس بگیرید");
        await Expect(page.Locator("#original-note")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("original-1-masked");

        await page.GetByRole(AriaRole.Button, new() { Name = "نمایش متن اصلی" }).ClickAsync();
        await Expect(page.Locator("#detail-text")).ToHaveTextAsync(Complaint);
        await Expect(page.Locator("#detail-progress")).ToContainTextAsync("به نام شما ثبت شد");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "نمایش متن اصلی" })).ToBeHiddenAsync();
        await phone.ScreenshotAsync("original-2-read");
        Assert.Empty(phone.Problems);
    }

    /// <summary>The link in the acknowledgement SMS opens the status page with the code filled in and the item shown.</summary>
    [BrowserTheory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_acknowledgements_link_shows_the_items_status_at_once(int width)
    {
        await using var screen = await harness.OpenScreenAsync(output, $"{nameof(InboxTests)}.{width}", width, site.Address);
        var page = screen.Page;
        var mobile = $"0912{RandomNumberGenerator.GetInt32(10_000_000):D7}";

        await screen.GotoAsync("/");
        await page.GetByLabel("متن بازخورد").FillAsync("چراغ‌های خیابان اصلی محله ما یک هفته است خاموش است");
        await page.GetByLabel("شماره تلفن همراه").FillAsync(mobile);
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت بازخورد" }).ClickAsync();
        await Expect(page.Locator("#tracking-code")).ToHaveTextAsync(PersianTrackingCode());
        var persianCode = await page.Locator("#tracking-code").InnerTextAsync();
        var code = TrackingCode.FromCanonical(Digits.ToAscii(persianCode))!;

        var acknowledgement = await WaitForSmsAsync(mobile, text => text.Contains(persianCode, StringComparison.Ordinal));
        var link = new Uri(StatusLink().Match(acknowledgement).Value);
        Assert.Equal($"/status?code={code}", link.PathAndQuery);
        await screen.GotoAsync(link.PathAndQuery);

        await Expect(page.GetByLabel("کد پیگیری")).ToHaveValueAsync(new Regex($"^({code}|{persianCode})$"));
        await Expect(page.Locator("#result-code")).ToHaveTextAsync(persianCode);
        await Expect(page).ToHaveTitleAsync(new Regex("^پیگیری بازخورد"));
        Assert.False(await screen.ScrollsSidewaysAsync());
        await screen.ScreenshotAsync("status-from-sms-link");
        Assert.Empty(screen.Problems);
    }

    private async Task WaitUntilRoutedAsync(TrackingCode code)
    {
        var store = site.Services.GetRequiredService<IFeedbackStore>();
        for (var tries = 0; tries < PipelineTimeout / 200; tries++)
        {
            if (await store.GetAsync(code, CancellationToken.None) is { Status: not FeedbackStatus.Received })
                return;
            await Task.Delay(200);
        }
        throw new TimeoutException("the feedback was not routed within a minute");
    }

    private Task<string> WaitForSmsAsync(string mobile, string text) => WaitForSmsAsync(mobile, sent => sent == text);

    /// <summary>The first SMS in the number's outbox that is <paramref name="wanted"/>, once it is there.</summary>
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
        throw new TimeoutException("the SMS did not reach the citizen's outbox within a minute");
    }

    [GeneratedRegex("^[۰-۹]{10}$")]
    private static partial Regex PersianTrackingCode();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex StatusLink();

    [GeneratedRegex("^(resolved|رسیدگی شد)$")]
    private static partial Regex ResolvedStatus();

    /// <summary>The app on a Kestrel port, as <see cref="CitizenSite"/>, with its own storage and a clock that stands at <paramref name="clock"/>'s time.</summary>
    internal sealed class InboxSite : WebApplicationFactory<Program>
    {
        private readonly Dictionary<string, string?> settings;
        private readonly TimeProvider clock;

        public InboxSite(string storageConnectionString, TimeProvider clock)
        {
            this.clock = clock;
            settings = new()
            {
                ["Feedback:Mode"] = "Local",
                ["Feedback:StorageConnectionString"] = storageConnectionString,
                ["Feedback:SmsInboundSecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
                ["Feedback:PhoneEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Feedback:PhoneLookupKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Feedback:WebRequestsPerMinute"] = "10000",
            };
            UseKestrel(0);
        }

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
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}
