using System.Net;
using System.Text.RegularExpressions;
using Feedback.Core.Routing;
using Feedback.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Pages;

/// <summary>
/// Renders a page template of wwwroot: fills its <c>{{name}}</c> placeholders with this deployment's data (its province
/// and that province's counties), the pieces every page shares (wwwroot/partials: the head, the citizens' header, the
/// staff header, the footers) and the page's own values, HTML-encoded, so the pages need no request of their own to
/// show them. The templates themselves are never served as files.
/// </summary>
internal static partial class PageTemplate
{
    private static readonly (string Name, string Path)[] Partials =
    [
        ("page-head", "partials/page-head.html"),
        ("site-header", "partials/site-header.html"),
        ("staff-header", "partials/staff-header.html"),
        ("site-footer", "partials/site-footer.html"),
        ("chart-footer", "partials/chart-footer.html"),
    ];

    /// <summary>The citizens' pages, in the order their shared header lists them.</summary>
    private static readonly (string Path, string Name)[] SiteLinks =
    [
        (CitizenPages.FormPath, "ثبت بازخورد"),
        (CitizenPages.StatusPath, "پیگیری بازخورد"),
        (CitizenPages.ScorecardPath, "کارنامه دستگاه‌ها"),
    ];

    /// <param name="templatePath">The template's path under wwwroot ("staff/inbox.html").</param>
    /// <param name="cacheControl">The response's Cache-Control: a citizen's page is revalidated, a signed-in person's never stored.</param>
    /// <param name="pageValues">The page's own placeholders, as HTML.</param>
    public static async Task<IResult> RenderAsync(
        HttpContext context, string templatePath, string cacheControl, IReadOnlyDictionary<string, string>? pageValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var environment = context.RequestServices.GetRequiredService<IWebHostEnvironment>();
        var settings = context.RequestServices.GetRequiredService<IOptions<PipelineSettings>>().Value;
        // The settings were validated at start: the province key is a known one.
        var province = Provinces.Find(settings.Province)!;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["province-key"] = WebUtility.HtmlEncode(province.Key),
            ["province-name"] = WebUtility.HtmlEncode(province.PersianName),
            ["county-options"] = string.Join(
                '\n',
                Provinces.CountiesOf(province.Key).Select(county =>
                    $"""                    <option value="{WebUtility.HtmlEncode(county.Key)}">{WebUtility.HtmlEncode(county.PersianName)}</option>""")),
            ["site-nav"] = CitizenNavigation(context.Request.Path),
        };
        foreach (var (name, path) in Partials)
            values[name] = Fill((await ReadAsync(environment, path, cancellationToken)).TrimEnd(), values);
        foreach (var (name, value) in pageValues ?? new Dictionary<string, string>())
            values[name] = value;

        var template = await ReadAsync(environment, templatePath, cancellationToken);
        context.Response.Headers.CacheControl = cacheControl;
        return Results.Content(Fill(template, values), "text/html; charset=utf-8");
    }

    /// <summary>
    /// The template with every placeholder replaced, in one pass (a value is never read as a template itself).
    /// A placeholder without a value is a mismatch between template and code, and throws.
    /// </summary>
    private static string Fill(string template, Dictionary<string, string> htmlValues) =>
        Placeholder().Replace(template, match => htmlValues.TryGetValue(match.Groups["name"].Value, out var value)
            ? value
            : throw new InvalidOperationException($"The page template uses {match.Value}, which has no value."));

    /// <summary>A link to each citizen page; the one at <paramref name="path"/> is marked as the page open.</summary>
    private static string CitizenNavigation(PathString path) => string.Join(
        '\n',
        SiteLinks.Select(page =>
            $"""                <li><a href="{page.Path}"{(path == page.Path ? " aria-current=\"page\"" : "")}>{page.Name}</a></li>"""));

    private static async Task<string> ReadAsync(IWebHostEnvironment environment, string templatePath, CancellationToken cancellationToken)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(templatePath);
        if (!file.Exists)
            throw new InvalidOperationException($"The page template wwwroot/{templatePath} is missing: the app must run with its wwwroot folder beside it.");
        using var reader = new StreamReader(file.CreateReadStream());
        return await reader.ReadToEndAsync(cancellationToken);
    }

    [GeneratedRegex(@"\{\{(?<name>[a-z-]+)\}\}")]
    private static partial Regex Placeholder();
}
