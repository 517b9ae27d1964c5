using Feedback.Core.Items;
using Feedback.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>When the service cannot help right now (storage down, 503; too many requests, 429), the citizen is told so in Persian.</summary>
[Collection(BrowserHarness.Collection)]
public sealed class ServiceTroubleTests(BrowserHarness harness, ITestOutputHelper output)
{
    [BrowserFact]
    public async Task When_storage_is_down_the_citizen_is_told_the_feedback_was_not_accepted_and_keeps_what_they_wrote()
    {
        await using var site = new CitizenSite(Azurite.UnreachableConnectionString);
        await using var phone = await harness.OpenPhoneAsync(output, nameof(ServiceTroubleTests) + ".down", site.Address);
        var page = phone.Page;
        const string Text = "اتوبوس خط ۴ امروز نیامد.";
        await phone.GotoAsync("/");

        await page.GetByLabel("متن بازخورد").FillAsync(Text);
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت بازخورد" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("بازخورد ثبت نشد");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("در دسترس نیست");
        await Expect(page.GetByLabel("متن بازخورد")).ToHaveValueAsync(Text);
        await phone.ScreenshotAsync("submit");

        await phone.GotoAsync("/status");
        await page.GetByLabel("کد پیگیری").FillAsync(TrackingCode.NewCode().Value);
        await page.GetByLabel("کد پیگیری").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("وضعیت خوانده نشد");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("در دسترس نیست");
        await phone.ScreenshotAsync("status");
    }

    [BrowserFact]
    public async Task When_requests_come_too_fast_the_citizen_is_asked_to_wait_in_Persian()
    {
        await using var site = new CitizenSite(harness.StorageConnectionString, webRequestsPerMinute: 1);
        await using var phone = await harness.OpenPhoneAsync(output, nameof(ServiceTroubleTests) + ".busy", site.Address);
        var code = phone.Page.GetByLabel("کد پیگیری");
        var alert = phone.Page.GetByRole(AriaRole.Alert);
        await phone.GotoAsync("/status");

        await code.FillAsync(TrackingCode.NewCode().Value);
        await code.PressAsync("Enter");
        await Expect(alert).ToContainTextAsync("پیدا نشد");
        await code.PressAsync("Enter");

        await Expect(alert).ToContainTextAsync("درخواست‌های شما در این چند لحظه زیاد بوده است");
        await Expect(alert).ToContainTextAsync("ثانیه دیگر دوباره تلاش کنید");
        await phone.ScreenshotAsync("busy");
    }
}
