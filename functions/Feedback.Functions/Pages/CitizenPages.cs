using Feedback.Core.Routing;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Pages;

/// <summary>
/// The citizens' web pages: the feedback form at "/", the status look-up at "/status" (also "/status?code=…"),
/// a Persian «page not found» for any other page address, and their CSS, JavaScript modules, icon and font from
/// wwwroot. Nothing here answers under /api: the API's routes stay the API's, whatever files wwwroot holds.
/// </summary>
internal static class CitizenPages
{
    public const string FormPath = "/";
    public const string StatusPath = "/status";

    /// <summary>The public scorecard's page (Scorecard/ScorecardEndpoints.cs serves it): a citizen's page too, in their header.</summary>
    public const string ScorecardPath = "/scorecard";

    /// <summary>Scripts, styles, fonts and requests from this origin only; no inline script or style, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private const string FormTemplate = "index.html";
    private const string StatusTemplate = "status.html";
    private const string NotFoundTemplate = "not-found.html";

    /// <summary>
    /// Only the asset types the pages use are served as files; the .html templates are not, so a page is
    /// only ever seen rendered, at its own path.
    /// </summary>
    private static readonly FileExtensionContentTypeProvider AssetTypes = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".woff2"] = "font/woff2",
        [".txt"] = "text/plain; charset=utf-8",
        [".svg"] = "image/svg+xml",
    });

    /// <summary>
    /// Adds the pages' middleware (security headers and static assets, for paths outside /api) and maps the two
    /// pages. Call it once, after the rate limiter; the static files are served only where no endpoint matched.
    /// </summary>
    public static void MapCitizenPages(this WebApplication app)
    {
        app.UseWhen(context => !IsApi(context.Request.Path), pages => pages
            .Use(WithSecurityHeaders)
            .Use(WithNotFoundPage)
            .UseStaticFiles(new StaticFileOptions
            {
                ContentTypeProvider = AssetTypes,
                // Assets keep their names across releases: the browser revalidates (ETag) instead of using a stale copy.
                OnPrepareResponse = asset => asset.Context.Response.Headers.CacheControl = "no-cache",
            }));
        app.MapGet(FormPath, (HttpContext context, CancellationToken cancellationToken) => RenderAsync(FormTemplate, context, cancellationToken)).WithMetadata(new HostFunction("Pages"));
        app.MapGet(StatusPath, (HttpContext context, CancellationToken cancellationToken) => RenderAsync(StatusTemplate, context, cancellationToken)).WithMetadata(new HostFunction("Pages"));
    }

    private static bool IsApi(PathString path) => path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static Task WithSecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // The status page's address carries the tracking code: no other site learns it from a link.
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    }

    /// <summary>
    /// A page address nothing serves gets the Persian «page not found» page (404), not an English problem: a
    /// mistyped or half-copied link is a citizen's. Only where no endpoint matched, and only for GET and HEAD;
    /// under /api the problem details stay.
    /// </summary>
    private static async Task WithNotFoundPage(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status404NotFound || context.Response.HasStarted || context.GetEndpoint() is not null
            || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
            return;
        var page = await RenderAsync(NotFoundTemplate, context, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        await page.ExecuteAsync(context);
    }

    /// <summary>A citizen's page: a template of wwwroot, rendered (revalidated, never stale).</summary>
    internal static Task<IResult> RenderAsync(string templateName, HttpContext context, CancellationToken cancellationToken) =>
        PageTemplate.RenderAsync(context, templateName, "no-cache", null, cancellationToken);
}
