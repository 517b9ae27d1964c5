using System.Text.RegularExpressions;
using Feedback.Core.Items;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>The status look-up tells a mistyped code from an unknown one, in Persian.</summary>
[Collection(BrowserHarness.Collection)]
public sealed class StatusLookupTests(BrowserHarness harness, ITestOutputHelper output) : IAsyncLifetime
{
    private PhoneSession phone = null!;

    public async Task InitializeAsync() => phone = await harness.OpenPhoneAsync(output, nameof(StatusLookupTests));

    public async Task DisposeAsync() => await phone.DisposeAsync();

    private ILocator Code => phone.Page.GetByLabel("کد پیگیری");

    private ILocator Alert => phone.Page.GetByRole(AriaRole.Alert);

    /// <summary>The message under the code field, which the field's description reads out.</summary>
    private ILocator CodeError => phone.Page.Locator("#code-error");

    [BrowserFact]
    public async Task A_mistyped_code_and_an_unknown_code_get_different_Persian_messages()
    {
        var unknown = TrackingCode.NewCode().Value;
        var mistyped = MistypedFrom(unknown);
        await phone.GotoAsync("/status");

        await Code.FillAsync(Digits.ToPersian(mistyped));
        await Code.PressAsync("Enter");
        await Expect(Alert).ToContainTextAsync("کد پیگیری پذیرفته نشد");
        await Expect(CodeError).ToContainTextAsync("این کد درست نوشته نشده است");
        await Expect(Code).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Code).ToHaveAccessibleDescriptionAsync(new Regex("این کد درست نوشته نشده است"));
        await Expect(Code).ToBeFocusedAsync();
        await phone.ScreenshotAsync("mistyped");
        var mistypedMessage = await CodeError.InnerTextAsync();

        await Code.FillAsync(Digits.ToPersian(unknown));
        await Code.PressAsync("Enter");
        await Expect(Alert).ToContainTextAsync("بازخوردی با این کد پیدا نشد");
        await Expect(CodeError).ToBeEmptyAsync();
        await Expect(Code).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(phone.Page.Locator("#status-result")).ToBeHiddenAsync();
        await phone.ScreenshotAsync("unknown");

        Assert.NotEqual(mistypedMessage, await Alert.InnerTextAsync());
        Assert.Empty(phone.Problems);
    }

    [BrowserFact]
    public async Task A_code_that_is_not_ten_digits_is_refused_without_asking_the_server()
    {
        var lookUps = 0;
        phone.Page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath.StartsWith("/api/feedback/", StringComparison.Ordinal))
                Interlocked.Increment(ref lookUps);
        };
        await phone.GotoAsync("/status");

        await Code.FillAsync("۱۲۳۴۵");
        await Code.PressAsync("Enter");

        await Expect(CodeError).ToContainTextAsync("کد پیگیری ۱۰ رقم دارد");
        await Expect(Alert).ToContainTextAsync("کد پیگیری پذیرفته نشد");
        await Expect(Code).ToBeFocusedAsync();
        await phone.ScreenshotAsync("too-short");
        await phone.RequestsSeenAsync();
        Assert.Equal(0, Volatile.Read(ref lookUps));
    }

    /// <summary>The code with its last digit changed: a single-digit error, which the check digit always catches.</summary>
    private static string MistypedFrom(string code)
    {
        var last = (char)('0' + ((code[^1] - '0' + 1) % 10));
        var mistyped = code[..^1] + last;
        Assert.Equal(TrackingCodeStatus.Mistyped, TrackingCode.Parse(mistyped).Status);
        return mistyped;
    }
}
