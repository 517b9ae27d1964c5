using Feedback.Functions.Pages;

namespace Feedback.Functions.Access;

/// <summary>
/// The staff pages' HTML, from the templates in wwwroot (served only rendered, at their own paths; their
/// scripts and styles beside them are static files under the citizen pages' CSP), each with the one shared staff
/// header (wwwroot/partials/staff-header.html, at <c>{{staff-header}}</c>). Never cached: they are a signed-in person's pages.
/// </summary>
internal static class StaffPages
{
    public const string InboxPath = "/staff";
    public const string DashboardPath = "/dashboard";
    public const string SignInPath = "/staff/sign-in";

    /// <summary>App Service Authentication's sign-in with Entra ID; afterwards the platform sends the browser to the path given.</summary>
    public const string EntraSignIn = "/.auth/login/aad?post_login_redirect_uri=";

    /// <param name="templatePath">The template's path under wwwroot ("staff/inbox.html").</param>
    /// <param name="values">The page's own placeholders, as HTML.</param>
    public static Task<IResult> RenderAsync(string templatePath, HttpContext context, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? values = null) =>
        PageTemplate.RenderAsync(context, templatePath, "no-store", values, cancellationToken);
}
