using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>A citizen who uses only the keyboard (Tab, arrows, Space, Enter) can send feedback and sees where the focus is.</summary>
[Collection(BrowserHarness.Collection)]
public sealed class KeyboardTests(BrowserHarness harness, ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxTabsToTheForm = 10;

    private PhoneSession phone = null!;

    public async Task InitializeAsync() => phone = await harness.OpenPhoneAsync(output, nameof(KeyboardTests));

    public async Task DisposeAsync() => await phone.DisposeAsync();

    private IKeyboard Keyboard => phone.Page.Keyboard;

    [BrowserFact]
    public async Task A_citizen_sends_feedback_with_the_keyboard_alone()
    {
        var page = phone.Page;
        var text = page.GetByLabel("متن بازخورد");
        await phone.GotoAsync("/");

        for (var presses = 0; presses < MaxTabsToTheForm && !await IsFocusedAsync(text); presses++)
            await Keyboard.PressAsync("Tab");
        await Expect(text).ToBeFocusedAsync();
        await AssertFocusIsVisibleAsync();
        await Keyboard.TypeAsync("چراغ‌های خیابان اصلی شب‌ها خاموش است.");

        await Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("شماره تلفن همراه")).ToBeFocusedAsync();
        await AssertFocusIsVisibleAsync();
        await Keyboard.TypeAsync("09121234567");

        await Keyboard.PressAsync("Tab");
        var county = page.GetByLabel("شهرستان");
        await Expect(county).ToBeFocusedAsync();
        await AssertFocusIsVisibleAsync();
        await Keyboard.PressAsync("ArrowDown");
        await Expect(county).Not.ToHaveValueAsync("");

        await Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "بدون امتیاز" })).ToBeFocusedAsync();
        await AssertFocusIsVisibleAsync();
        for (var step = 0; step < 5; step++)
            await Keyboard.PressAsync("ArrowDown");
        await Keyboard.PressAsync("Space");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "۵ — عالی" })).ToBeCheckedAsync();

        await Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "ثبت بازخورد" })).ToBeFocusedAsync();
        await AssertFocusIsVisibleAsync();
        await phone.ScreenshotAsync("focus-on-submit");
        await Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "بازخورد شما ثبت شد" })).ToBeFocusedAsync();
        await Expect(page.Locator("#tracking-code")).Not.ToBeEmptyAsync();
        await phone.ScreenshotAsync("receipt");
        Assert.Equal(1, phone.FeedbackPosts);

        await Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "رونوشت کد" })).ToBeFocusedAsync();
        await Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "پیگیری وضعیت این بازخورد" })).ToBeFocusedAsync();
        await AssertFocusIsVisibleAsync();
        await Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#status-result")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("status");
        Assert.Empty(phone.Problems);
    }

    private static async Task<bool> IsFocusedAsync(ILocator locator) =>
        await locator.EvaluateAsync<bool>("element => element === document.activeElement");

    /// <summary>The focused element draws an outline a sighted keyboard user can see.</summary>
    private async Task AssertFocusIsVisibleAsync()
    {
        var outline = await phone.Page.EvaluateAsync<string>(
            "() => { const style = getComputedStyle(document.activeElement); return style.outlineStyle + ' ' + style.outlineWidth; }");
        Assert.StartsWith("solid ", outline, StringComparison.Ordinal);
        Assert.NotEqual("solid 0px", outline);
    }
}
