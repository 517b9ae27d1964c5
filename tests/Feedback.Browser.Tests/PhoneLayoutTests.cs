using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>The pages as a phone shows them: Persian, right to left, in the bundled font, under a strict CSP, never wider than the screen.</summary>
[Collection(BrowserHarness.Collection)]
public sealed class PhoneLayoutTests(BrowserHarness harness, ITestOutputHelper output) : IAsyncLifetime
{
    private PhoneSession phone = null!;

    public async Task InitializeAsync() => phone = await harness.OpenPhoneAsync(output, nameof(PhoneLayoutTests));

    public async Task DisposeAsync() => await phone.DisposeAsync();

    [BrowserTheory]
    [InlineData("/")]
    [InlineData("/status")]
    public async Task A_page_is_Persian_right_to_left_in_Vazirmatn_under_a_strict_CSP(string path)
    {
        var response = await phone.GotoAsync(path);

        var policy = await response.HeaderValueAsync("content-security-policy");
        Assert.NotNull(policy);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        await Expect(phone.Page.Locator("html")).ToHaveAttributeAsync("lang", "fa");
        await Expect(phone.Page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        Assert.True(await phone.Page.EvaluateAsync<bool>(
            "async () => { await document.fonts.ready; return [...document.fonts].some(font => font.family.replaceAll('\"', '') === 'Vazirmatn' && font.status === 'loaded'); }"));
        Assert.Equal(
            0,
            await phone.Page.EvaluateAsync<int>("() => document.querySelectorAll('script:not([src]), style, [style]').length"));
        Assert.Empty(phone.Problems);
    }

    [BrowserFact]
    public async Task Nothing_scrolls_sideways_on_a_360_pixel_phone_in_any_state_of_either_page()
    {
        var page = phone.Page;
        await phone.GotoAsync("/");
        Assert.False(await phone.ScrollsSidewaysAsync(), "the empty form");

        await page.GetByLabel("شماره تلفن همراه").FillAsync("۱۲۳");
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت بازخورد" }).ClickAsync();
        await Expect(page.Locator("#phone-error")).Not.ToBeEmptyAsync();
        await phone.ScreenshotAsync("form-errors");
        Assert.False(await phone.ScrollsSidewaysAsync(), "the form showing its errors");

        await page.GetByLabel("متن بازخورد").FillAsync("صف نانوایی محله بسیار طولانی است و نظم ندارد.");
        await page.GetByLabel("شماره تلفن همراه").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت بازخورد" }).ClickAsync();
        await Expect(page.Locator("#tracking-code")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("receipt");
        Assert.False(await phone.ScrollsSidewaysAsync(), "the receipt with its tracking code");

        await page.GetByRole(AriaRole.Link, new() { Name = "پیگیری وضعیت این بازخورد" }).ClickAsync();
        await Expect(page.Locator("#status-result")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("status-result");
        Assert.False(await phone.ScrollsSidewaysAsync(), "the status of the feedback");

        await page.GetByLabel("کد پیگیری").FillAsync("۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹۰");
        await page.GetByLabel("کد پیگیری").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToBeEmptyAsync();
        await phone.ScreenshotAsync("status-error");
        Assert.False(await phone.ScrollsSidewaysAsync(), "the status page showing an error");
    }
}
