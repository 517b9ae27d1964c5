using Feedback.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Feedback.Browser.Tests;

/// <summary>
/// What every browser test shares: an Azurite of the test run's own, the app on a Kestrel port against it, and a
/// headless Debian Chromium. Each test opens its own tab (<see cref="OpenPhoneAsync"/>), isolated from the others.
/// </summary>
public sealed class BrowserHarness : IAsyncLifetime, IDisposable
{
    public const string Collection = "Browser";

    private readonly Azurite azurite = new();
    private IPlaywright? playwright;
    private IBrowser? browser;
    private CitizenSite? site;

    /// <summary>The app every test visits unless it starts one of its own.</summary>
    public CitizenSite Site => site ?? throw new InvalidOperationException("The harness did not start: Chromium is missing.");

    public string StorageConnectionString => azurite.ConnectionString;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            if (Chromium.IsRequired)
                throw new InvalidOperationException(Chromium.MissingUnderCi);
            // Every test is skipped (BrowserFact): there is nothing to start.
            return;
        }
        await azurite.InitializeAsync();
        site = new CitizenSite(azurite.ConnectionString);
        site.StartServer();
        // CI machines are shared and run test projects side by side: give each expectation time, never a sleep.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.ExecutablePath, Headless = true });
    }

    /// <summary>A new tab, as a 360×740 phone, on <paramref name="address"/> (the shared site by default).</summary>
    /// <param name="screenshotPrefix">Starts the name of each screenshot the test takes, e.g. its class.</param>
    public async Task<PhoneSession> OpenPhoneAsync(ITestOutputHelper output, string screenshotPrefix, Uri? address = null)
    {
        if (browser is null)
            throw new InvalidOperationException("The harness did not start: Chromium is missing.");
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = PhoneSession.Width, Height = PhoneSession.Height },
            IsMobile = true,
            HasTouch = true,
            Locale = "fa-IR",
            TimezoneId = "Asia/Tehran",
        });
        return await PhoneSession.OpenAsync(context, address ?? Site.Address, output, screenshotPrefix);
    }

    /// <summary>A new tab <paramref name="width"/> CSS pixels wide (phone-like below 600: touch, mobile viewport), on <paramref name="address"/>.</summary>
    public async Task<PhoneSession> OpenScreenAsync(ITestOutputHelper output, string screenshotPrefix, int width, int height, Uri? address = null)
    {
        if (browser is null)
            throw new InvalidOperationException("The harness did not start: Chromium is missing.");
        var phoneLike = width < 600;
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            IsMobile = phoneLike,
            HasTouch = phoneLike,
            Locale = "fa-IR",
            TimezoneId = "Asia/Tehran",
        });
        return await PhoneSession.OpenAsync(context, address ?? Site.Address, output, $"{screenshotPrefix}.{width}");
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.CloseAsync();
        playwright?.Dispose();
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
}

[CollectionDefinition(BrowserHarness.Collection)]
public sealed class SharedBrowser : ICollectionFixture<BrowserHarness>;
