using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Feedback.Browser.Tests;

/// <summary>
/// One test's tab on a phone-sized screen, with what the tab reported along the way: script errors and resources
/// the Content-Security-Policy refused (<see cref="Problems"/>), and the feedback posts it sent.
/// </summary>
public sealed class PhoneSession : IAsyncDisposable
{
    public const int Width = 360;
    public const int Height = 740;

    private readonly IBrowserContext context;
    private readonly ITestOutputHelper output;
    private readonly string screenshotPrefix;
    private readonly List<string> problems = [];
    private int feedbackPosts;

    private PhoneSession(IBrowserContext context, IPage page, Uri site, ITestOutputHelper output, string screenshotPrefix)
    {
        this.context = context;
        this.output = output;
        this.screenshotPrefix = screenshotPrefix;
        Page = page;
        Site = site;
        page.PageError += (_, error) => Note($"script error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                Note($"refused by the CSP: {message.Text}");
        };
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && new Uri(request.Url).AbsolutePath == "/api/feedback")
                Interlocked.Increment(ref feedbackPosts);
        };
    }

    public IPage Page { get; }

    public Uri Site { get; }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
                return [.. problems];
        }
    }

    /// <summary>How many times the tab has posted feedback to the API.</summary>
    public int FeedbackPosts => Volatile.Read(ref feedbackPosts);

    internal static async Task<PhoneSession> OpenAsync(IBrowserContext context, Uri site, ITestOutputHelper output, string screenshotPrefix) =>
        new(context, await context.NewPageAsync(), site, output, screenshotPrefix);

    public async Task<IResponse> GotoAsync(string path) =>
        await Page.GotoAsync(new Uri(Site, path).ToString()) ?? throw new InvalidOperationException($"No response for {path}.");

    /// <summary>Saves a full-page screenshot as {prefix}.{step}.png in the artifacts folder and says where.</summary>
    public async Task ScreenshotAsync(string step)
    {
        var path = Path.Combine(Artifacts.ScreenshotDirectory, $"{screenshotPrefix}.{step}.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    /// <summary>
    /// Returns once the Request handlers have seen every request the page started so far: a same-origin fetch started
    /// now is answered after them. (Waiting for the network to go idle instead once timed out after 30 s in a full run.)
    /// </summary>
    public Task RequestsSeenAsync() =>
        Page.EvaluateAsync<int>("() => fetch('/api/health', { cache: 'no-store' }).then(response => response.status)");

    /// <summary>Whether the page is wider than the screen, i.e. the citizen would have to scroll sideways.</summary>
    public Task<bool> ScrollsSidewaysAsync() =>
        Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");

    public async ValueTask DisposeAsync() => await context.CloseAsync();

    private void Note(string problem)
    {
        lock (problems)
            problems.Add(problem);
    }
}
