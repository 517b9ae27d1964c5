using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>What the form tells a citizen, in Persian, when something is wrong, and that nothing wrong is sent.</summary>
[Collection(BrowserHarness.Collection)]
public sealed class FormValidationTests(BrowserHarness harness, ITestOutputHelper output) : IAsyncLifetime
{
    private PhoneSession phone = null!;

    public async Task InitializeAsync() => phone = await harness.OpenPhoneAsync(output, nameof(FormValidationTests));

    public async Task DisposeAsync() => await phone.DisposeAsync();

    private IPage Page => phone.Page;

    private ILocator Text => Page.GetByLabel("متن بازخورد");

    private ILocator Phone => Page.GetByLabel("شماره تلفن همراه");

    private ILocator Submit => Page.GetByRole(AriaRole.Button, new() { Name = "ثبت بازخورد" });

    [BrowserFact]
    public async Task An_empty_text_is_refused_in_Persian_and_nothing_is_sent()
    {
        await phone.GotoAsync("/");
        await Text.FillAsync("   \n  ");
        await Submit.ClickAsync();

        await Expect(Page.Locator("#text-error")).ToHaveTextAsync("متن بازخورد را بنویسید.");
        await Expect(Text).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Text).ToHaveAccessibleDescriptionAsync(new Regex("متن بازخورد را بنویسید"));
        await Expect(Text).ToBeFocusedAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("بازخورد فرستاده نشد");
        await phone.ScreenshotAsync("empty-text");
        await phone.RequestsSeenAsync();
        Assert.Equal(0, phone.FeedbackPosts);
    }

    [BrowserFact]
    public async Task A_number_that_is_not_an_Iranian_mobile_is_refused_in_Persian_until_corrected()
    {
        await phone.GotoAsync("/");
        await Text.FillAsync("کارمند باجه بسیار مودب بود و کارم سریع انجام شد.");
        await Phone.FillAsync("۰۲۴ ۳۳۷۷ ۱۲۳۴");
        await Submit.ClickAsync();

        await Expect(Page.Locator("#phone-error")).ToContainTextAsync("شماره تلفن همراه درست نیست");
        await Expect(Phone).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Phone).ToBeFocusedAsync();
        await Expect(Text).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await phone.ScreenshotAsync("bad-phone");
        await phone.RequestsSeenAsync();
        Assert.Equal(0, phone.FeedbackPosts);

        await Phone.FillAsync("+98 912 123 4567");
        await Submit.ClickAsync();

        await Expect(Page.Locator("#tracking-code")).ToBeVisibleAsync();
        Assert.Equal(1, phone.FeedbackPosts);
    }

    [BrowserFact]
    public async Task A_text_over_2000_characters_is_refused_in_Persian_with_its_length()
    {
        var tooLong = string.Concat(Enumerable.Repeat("سلام ", 400)) + "خدا";
        var length = Digits.ToPersian(tooLong.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await phone.GotoAsync("/");
        await Text.FillAsync(tooLong);

        await Expect(Page.Locator("#text-count")).ToHaveTextAsync($"{length} از ۲۰۰۰ نویسه");
        await Submit.ClickAsync();

        await Expect(Page.Locator("#text-error")).ToContainTextAsync($"{length} نویسه دارد");
        await Expect(Text).ToHaveAttributeAsync("aria-invalid", "true");
        await phone.ScreenshotAsync("too-long");
        await phone.RequestsSeenAsync();
        Assert.Equal(0, phone.FeedbackPosts);
    }

    [BrowserFact]
    public async Task A_field_the_server_refuses_gets_its_Persian_message_on_that_field()
    {
        await phone.GotoAsync("/");
        // A control character passes the form's own checks; the API refuses it (400, errors.text).
        await Text.FillAsync("قبض برق این ماه \u0007 دو برابر شده است.");
        await Submit.ClickAsync();

        await Expect(Page.Locator("#text-error")).ToContainTextAsync("سامانه این متن را نپذیرفت");
        await Expect(Text).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("بازخورد فرستاده نشد");
        await phone.ScreenshotAsync("server-refused-text");
        Assert.Equal(1, phone.FeedbackPosts);
        Assert.Empty(phone.Problems);
    }
}
