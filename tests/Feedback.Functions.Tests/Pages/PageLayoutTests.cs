using System.Text.RegularExpressions;
using Feedback.Functions.Tests.Operations;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Pages;

/// <summary>
/// Every page is built on the same frame: the same head, a skip link, the same footer; the citizens' pages share one
/// header that leads to each of them and marks the one open.
/// </summary>
public sealed partial class PageLayoutTests(Azurite azurite) : AppOnPreparedStorage(azurite)
{
    private static readonly string[] SharedHead =
    [
        "<meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<link rel=\"preload\" href=\"/vendor/vazirmatn/Vazirmatn-Variable.woff2\" as=\"font\" type=\"font/woff2\" crossorigin>",
        "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">",
        "<link rel=\"stylesheet\" href=\"/css/site.css\">",
    ];

    private static readonly (string Path, string Name)[] CitizenPages = [("/", "ثبت بازخورد"), ("/status", "پیگیری بازخورد"), ("/scorecard", "کارنامه دستگاه‌ها")];

    [Theory]
    [InlineData("/")]
    [InlineData("/status")]
    [InlineData("/scorecard")]
    [InlineData("/no-such-page")]
    [InlineData("/dashboard")]
    [InlineData("/staff/sign-in")]
    public async Task Every_page_has_the_shared_head_skip_link_and_footer(string path)
    {
        var html = await PageAsync(path);

        foreach (var line in SharedHead)
            Assert.Single(Regex.Matches(html, Regex.Escape(line)));
        Assert.Matches("<title>[^<]+ \\| سامانه بازخورد شهروندان استان زنجان</title>", html);
        Assert.Matches(@"<body>\s*<a class=""skip-link"" href=""#main"">رفتن به محتوای اصلی</a>", html);
        Assert.Contains("<a href=\"/vendor/vazirmatn/OFL.txt\" lang=\"en\" dir=\"ltr\">SIL Open Font License</a>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\{\{[a-z-]+\}\}", html);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/status", "/status")]
    [InlineData("/scorecard", "/scorecard")]
    [InlineData("/no-such-page", null)]
    public async Task Each_citizen_page_leads_to_every_citizen_page_and_marks_its_own(string path, string? current)
    {
        var html = await PageAsync(path);

        var navigation = Navigation().Match(html);
        Assert.True(navigation.Success, $"{path} has no site navigation");
        var links = Link().Matches(navigation.Value).Select(link => (link.Groups["path"].Value, link.Groups["name"].Value, link.Groups["current"].Success)).ToList();
        Assert.Equal(CitizenPages.Select(page => (page.Path, page.Name, page.Path == current)), links);
    }

    private async Task<string> PageAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex(@"<nav aria-label=""بخش‌های سامانه"">.*?</nav>", RegexOptions.Singleline)]
    private static partial Regex Navigation();

    [GeneratedRegex(@"<a href=""(?<path>[^""]+)""(?<current> aria-current=""page"")?>(?<name>[^<]+)</a>")]
    private static partial Regex Link();
}
