using Feedback.Core.Routing;
using Feedback.Functions.Configuration;
using Feedback.Functions.Pages;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Access;

/// <summary>
/// The staff pages' HTML, from the templates in wwwroot (served only rendered, at their own paths; their
/// scripts and styles beside them are static files under the citizen pages' CSP), each with the one shared staff
/// header (wwwroot/staff/header.html, at <c>{{staff-header}}</c>). Never cached: they are a signed-in person's pages.
/// </summary>
internal static class StaffPages
{
    public const string InboxPath = "/staff";
    public const string DashboardPath = "/dashboard";
    public const string SignInPath = "/staff/sign-in";

    /// <summary>App Service Authentication's sign-in with Entra ID; afterwards the platform sends the browser to the path given.</summary>
    public const string EntraSignIn = "/.auth/login/aad?post_login_redirect_uri=";

    private const string HeaderTemplate = "staff/header.html";

    /// <param name="templatePath">The template's path under wwwroot ("staff/inbox.html").</param>
    /// <param name="values">The page's own placeholders, as HTML, beside the province's and the shared header.</param>
    public static async Task<IResult> RenderAsync(string templatePath, HttpContext context, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.RequestServices.GetRequiredService<IOptions<PipelineSettings>>().Value;
        var template = await ReadAsync(context, templatePath, cancellationToken);
        // The settings were validated at start: the province key is a known one.
        var filled = new Dictionary<string, string>(PageTemplate.ValuesFor(Provinces.Find(settings.Province)!), StringComparer.Ordinal);
        filled["staff-header"] = PageTemplate.Fill(await ReadAsync(context, HeaderTemplate, cancellationToken), filled);
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
            filled[name] = value;

        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(PageTemplate.Fill(template, filled), "text/html; charset=utf-8");
    }

    private static async Task<string> ReadAsync(HttpContext context, string templatePath, CancellationToken cancellationToken)
    {
        var environment = context.RequestServices.GetRequiredService<IWebHostEnvironment>();
        var file = environment.WebRootFileProvider.GetFileInfo(templatePath);
        if (!file.Exists)
            throw new InvalidOperationException($"The page template wwwroot/{templatePath} is missing: the app must run with its wwwroot folder beside it.");
        using var reader = new StreamReader(file.CreateReadStream());
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
