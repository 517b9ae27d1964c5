using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Feedback.Core.Items;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Feedback.Browser.Tests;

/// <summary>A citizen sends feedback from the form and follows it on the status page until an agency has it.</summary>
[Collection(BrowserHarness.Collection)]
public sealed partial class FeedbackJourneyTests(BrowserHarness harness, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>In Local mode the app's own runner routes an item within seconds; a loaded machine gets a minute.</summary>
    private const float RoutingTimeout = 60_000;

    private PhoneSession phone = null!;

    public async Task InitializeAsync() => phone = await harness.OpenPhoneAsync(output, nameof(FeedbackJourneyTests));

    public async Task DisposeAsync() => await phone.DisposeAsync();

    [BrowserFact]
    public async Task A_citizen_sends_feedback_gets_a_tracking_code_and_sees_it_routed_to_an_agency()
    {
        var page = phone.Page;
        const string Text = "آب محله ما از دیروز صبح قطع است و هنوز کسی پاسخگو نیست.";
        await phone.GotoAsync("/");
        await phone.ScreenshotAsync("1-form");

        await page.GetByLabel("متن بازخورد").FillAsync(Text);
        await page.GetByLabel("شماره تلفن همراه").FillAsync("۰۹۱۲ ۱۲۳ ۴۵۶۷");
        await page.GetByLabel("شهرستان").SelectOptionAsync(new SelectOptionValue { Label = "ابهر" });
        await page.GetByRole(AriaRole.Radio, new() { Name = "۴ — خوب" }).CheckAsync();
        await phone.ScreenshotAsync("2-filled");
        await page.GetByRole(AriaRole.Button, new() { Name = "ثبت بازخورد" }).ClickAsync();

        var shownCode = page.Locator("#tracking-code");
        await Expect(shownCode).ToHaveTextAsync(PersianTrackingCode());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "بازخورد شما ثبت شد" })).ToBeFocusedAsync();
        await phone.ScreenshotAsync("3-receipt");
        var persianCode = await shownCode.InnerTextAsync();
        var code = TrackingCode.FromCanonical(Digits.ToAscii(persianCode))!;
        var statusLink = page.GetByRole(AriaRole.Link, new() { Name = "پیگیری وضعیت این بازخورد" });
        await Expect(statusLink).ToHaveAttributeAsync("href", $"/status?code={code}");

        // What the citizen chose is what the pipeline stored.
        var item = await harness.Site.Services.GetRequiredService<IFeedbackStore>().GetAsync(code, CancellationToken.None);
        Assert.NotNull(item);
        Assert.Equal(Text, item.Text);
        Assert.Equal(FeedbackChannel.Web, item.Channel);
        Assert.Equal("zanjan", item.Province);
        Assert.Equal("abhar", item.County);
        Assert.Equal(4, item.Rating);
        Assert.NotNull(item.PhoneHash);

        await statusLink.ClickAsync();
        await Expect(page.Locator("#result-code")).ToHaveTextAsync(persianCode);
        await phone.ScreenshotAsync("4-status-from-link");

        await phone.GotoAsync("/status");
        await page.GetByLabel("کد پیگیری").PressSequentiallyAsync(persianCode);
        await page.GetByLabel("کد پیگیری").PressAsync("Enter");
        await Expect(page.Locator("#result-status")).ToHaveTextAsync("ارجاع شد", new() { Timeout = RoutingTimeout });
        using var api = harness.Site.CreateClient();
        var view = await api.GetFromJsonAsync<JsonElement>($"/api/feedback/{code}");
        var agency = view.GetProperty("agency").GetString();
        Assert.False(string.IsNullOrEmpty(agency));
        await Expect(page.Locator("#result-agency")).ToHaveTextAsync(agency);
        await Expect(page.Locator("#result-history li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#result-history li").Last).ToContainTextAsync(agency);
        await Expect(page.Locator("#result-received")).ToHaveTextAsync(Digits.ToPersian(view.GetProperty("receivedAt").GetString()!));
        await phone.ScreenshotAsync("5-status-routed");

        Assert.Empty(phone.Problems);
    }

    [GeneratedRegex("^[۰-۹]{10}$")]
    private static partial Regex PersianTrackingCode();
}
