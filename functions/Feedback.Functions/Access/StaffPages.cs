using Feedback.Core.Routing;
using Feedback.Functions.Configuration;
using Feedback.Functions.Pages;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Access;

/// <summary>
/// The staff pages' HTML, from the templates in wwwroot/staff (served only rendered, at their own paths; their
/// scripts and styles beside them are static files under the citizen pages' CSP). Never cached: they are a
/// signed-in person's pages.
/// </summary>
internal static class StaffPages
{
    public const string InboxPath = "/staff";
    public const string SignInPath = "/staff/sign-in";

    /// <summary>App Service Authentication's sign-in with Entra ID, back to the inbox afterwards.</summary>
    public const string EntraSignIn = "/.auth/login/aad?post_login_redirect_uri=/staff";

    /// <summary>Where a person who is not signed in goes: the dev sign-in locally, Entra ID in Azure.</summary>
    public static string SignInAddress(HostingMode? mode) => mode == HostingMode.Local ? SignInPath : EntraSignIn;

    public static async Task<IResult> RenderAsync(string templateName, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var environment = context.RequestServices.GetRequiredService<IWebHostEnvironment>();
        var settings = context.RequestServices.GetRequiredService<IOptions<PipelineSettings>>().Value;
        var file = environment.WebRootFileProvider.GetFileInfo($"staff/{templateName}");
        if (!file.Exists)
            throw new InvalidOperationException($"The page template wwwroot/staff/{templateName} is missing: the app must run with its wwwroot folder beside it.");
        string template;
        using (var reader = new StreamReader(file.CreateReadStream()))
            template = await reader.ReadToEndAsync(cancellationToken);

        context.Response.Headers.CacheControl = "no-store";
        // The settings were validated at start: the province key is a known one.
        return Results.Content(PageTemplate.Fill(template, PageTemplate.ValuesFor(Provinces.Find(settings.Province)!)), "text/html; charset=utf-8");
    }
}
