using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>
/// Each role finds its way in, on a desktop and on a 390-px phone: the sign-in brings a person back to the page they
/// started from, or to their role's home; the shared header lists the pages their role may open.
/// </summary>
[Collection(BrowserHarness.Collection)]
public sealed partial class NavigationTests(BrowserHarness harness, ITestOutputHelper output)
{
    [BrowserTheory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task An_analyst_who_signs_in_from_the_dashboard_comes_back_to_it(int width)
    {
        await using var screen = await harness.OpenScreenAsync(output, $"{nameof(NavigationTests)}.{width}", width);
        var page = screen.Page;

        await screen.GotoAsync("/dashboard");
        await page.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link, new() { Name = "ورود کارکنان" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/staff/sign-in\?return=%2Fdashboard$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "ورود به عنوان کارشناس استانداری زنجان" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"));
        var pages = page.GetByRole(AriaRole.Navigation, new() { Name = "صفحه‌های کارکنان" });
        await Expect(pages.GetByRole(AriaRole.Link, new() { Name = "داشبورد استان" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(pages.GetByRole(AriaRole.Link, new() { Name = "کارتابل دستگاه‌ها" })).ToHaveAttributeAsync("href", "/staff");
        await Expect(page.Locator("#summary")).ToBeVisibleAsync();
        Assert.False(await screen.ScrollsSidewaysAsync());
        await screen.ScreenshotAsync("analyst-dashboard");
        Assert.Empty(screen.Problems);
    }

    [BrowserTheory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Agency_staff_land_on_their_inbox_and_open_their_own_agencys_dashboard(int width)
    {
        await using var screen = await harness.OpenScreenAsync(output, $"{nameof(NavigationTests)}.{width}", width);
        var page = screen.Page;

        await screen.GotoAsync("/staff/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "ورود به عنوان کارشناس شرکت آب و فاضلاب زنجان" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/staff$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "کارتابل شرکت آب و فاضلاب استان زنجان" })).ToBeVisibleAsync();
        var pages = page.GetByRole(AriaRole.Navigation, new() { Name = "صفحه‌های کارکنان" });
        await Expect(pages.GetByRole(AriaRole.Link, new() { Name = "کارتابل", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        await screen.ScreenshotAsync("water-inbox");
        await pages.GetByRole(AriaRole.Link, new() { Name = "داشبورد دستگاه" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"));
        await Expect(page.Locator("#summary")).ToBeVisibleAsync();
        // Their own agency's figures only: the agency filter offers no other.
        await Expect(page.Locator("#agency option")).ToHaveTextAsync(["همه", "شرکت آب و فاضلاب استان زنجان"]);
        Assert.False(await screen.ScrollsSidewaysAsync());
        await screen.ScreenshotAsync("water-dashboard");
        Assert.Empty(screen.Problems);
    }

    [BrowserTheory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_national_admin_lands_on_the_province_picker(int width)
    {
        await using var screen = await harness.OpenScreenAsync(output, $"{nameof(NavigationTests)}.{width}", width);
        var page = screen.Page;

        await screen.GotoAsync("/staff/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "ورود به عنوان مدیر ملی سامانه" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/staff/provinces$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "انتخاب استان", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#who")).ToContainTextAsync("مدیر ملی سامانه");
        Assert.False(await screen.ScrollsSidewaysAsync());
        await screen.ScreenshotAsync("admin-provinces");
        await page.GetByRole(AriaRole.Link, new() { Name = "داشبورد زنجان" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/dashboard\?province=zanjan"));
        await Expect(page.Locator("#province-name")).ToHaveTextAsync("استان زنجان");
        Assert.Empty(screen.Problems);
    }
}
