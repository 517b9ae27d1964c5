using System.Net;
using System.Text;
using Feedback.Core.Routing;
using Feedback.Functions.Http;

namespace Feedback.Functions.Access;

/// <summary>
/// Where each role starts and which staff pages it may open: an agency's staff their inbox (and their agency's
/// dashboard), a governorate analyst the dashboard (and their province's inboxes, read-only), a national admin the
/// province picker. <c>/staff/home</c> sends a signed-in person back where they were (a safe local return address)
/// or to their role's home, and someone not signed in to the sign-in first.
/// </summary>
internal static class StaffNavigation
{
    public const string HomePath = "/staff/home";
    public const string ProvincesPath = "/staff/provinces";
    public const string ReturnParameter = "return";

    private const int MaxReturnLength = 2000;

    /// <summary>The page a role lands on after signing in.</summary>
    public static string HomeOf(StaffRole role) => role switch
    {
        StaffRole.AgencyStaff => StaffPages.InboxPath,
        StaffRole.GovernorateAnalyst => StaffPages.DashboardPath,
        _ => ProvincesPath,
    };

    /// <summary>The staff pages a role may open, its home first, as the shared header lists them.</summary>
    public static IReadOnlyList<StaffPageLink> PagesOf(StaffRole role)
    {
        var inbox = new StaffPageLink(StaffPages.InboxPath, "کارتابل");
        var dashboard = new StaffPageLink(StaffPages.DashboardPath, role == StaffRole.AgencyStaff ? "داشبورد دستگاه" : "داشبورد استان");
        return role switch
        {
            StaffRole.AgencyStaff => [inbox, dashboard],
            StaffRole.GovernorateAnalyst => [dashboard, new StaffPageLink(StaffPages.InboxPath, "کارتابل دستگاه‌ها")],
            _ => [new StaffPageLink(ProvincesPath, "انتخاب استان"), dashboard, new StaffPageLink(StaffPages.InboxPath, "کارتابل دستگاه‌ها")],
        };
    }

    /// <summary>
    /// <paramref name="candidate"/> when it is a path of this site a sign-in may return to; null otherwise. Only a
    /// rooted path: no scheme or host (<c>https://…</c>), no protocol-relative <c>//host</c> or <c>/\host</c> that a
    /// browser would read as another site, no backslash, space or control character, nothing under /api, and not
    /// the sign-in itself (a loop).
    /// </summary>
    public static string? SafeReturn(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > MaxReturnLength || candidate[0] != '/')
            return null;
        if (candidate.Length > 1 && candidate[1] is '/' or '\\')
            return null;
        if (candidate.Any(character => character == '\\' || char.IsWhiteSpace(character) || char.IsControl(character)))
            return null;
        if (!Uri.TryCreate(new Uri("http://localhost"), candidate, out var resolved) || resolved.Authority != "localhost")
            return null;
        var path = new PathString(resolved.AbsolutePath);
        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/.auth", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(StaffPages.SignInPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(HomePath, StringComparison.OrdinalIgnoreCase))
            return null;
        return candidate;
    }

    /// <summary>The request's own path and query, the place a sign-in started from it returns to (null if it is not a safe one).</summary>
    public static string? HereOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SafeReturn($"{request.PathBase}{request.Path}{request.QueryString}");
    }

    public static void MapStaffNavigation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(HomePath, GoHomeAsync).WithMetadata(new HostFunction("Pages"))
            .AnswersOutageWith("the membership table cannot be read right now; try again shortly");
        endpoints.MapGet(ProvincesPath, ShowProvincesAsync).WithMetadata(new HostFunction("Pages"))
            .AnswersOutageWith("the membership table cannot be read right now; try again shortly");
    }

    private static async Task<IResult> GoHomeAsync(HttpContext context, IStaffUserResolver resolver, StaffSignIn signIn, CancellationToken cancellationToken)
    {
        if (signIn.Refusal() is { } off)
            return off;
        context.Response.Headers.CacheControl = "no-store";
        var returnTo = SafeReturn(context.Request.Query[ReturnParameter].ToString());
        var user = await resolver.ResolveAsync(context, cancellationToken);
        if (user is null)
            return Results.Redirect(signIn.AddressFor(returnTo));
        return Results.Redirect(returnTo ?? HomeOf(user.Role));
    }

    /// <summary>The national admin's home: every province, with its dashboard and (where routing has agencies there) its inboxes.</summary>
    private static async Task<IResult> ShowProvincesAsync(HttpContext context, IStaffUserResolver resolver, StaffSignIn signIn, RoutingSource routing, CancellationToken cancellationToken)
    {
        if (signIn.Refusal() is { } off)
            return off;
        var user = await resolver.ResolveAsync(context, cancellationToken);
        if (user is null)
            return Results.Redirect(signIn.AddressFor(HereOf(context.Request)));
        if (user.Role != StaffRole.NationalAdmin)
            return Results.Redirect(HomeOf(user.Role));
        return await StaffPages.RenderAsync("staff/provinces.html", context, cancellationToken, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["province-list"] = ProvinceList(routing.Current),
        });
    }

    private static string ProvinceList(RoutingTable routing)
    {
        var withInboxes = routing.Agencies.Select(agency => agency.ProvinceKey).ToHashSet(StringComparer.Ordinal);
        var html = new StringBuilder();
        foreach (var province in Provinces.All.OrderBy(province => province.PersianName, StringComparer.Ordinal))
        {
            var key = Uri.EscapeDataString(province.Key);
            var name = WebUtility.HtmlEncode(province.PersianName);
            html.Append("                <li class=\"province\"><span class=\"province-name\">").Append(name).Append("</span> ")
                .Append("<a href=\"/dashboard?province=").Append(key).Append("\">داشبورد <span class=\"visually-hidden\">").Append(name).Append("</span></a>");
            if (withInboxes.Contains(province.Key))
                html.Append(" <a href=\"/staff?province=").Append(key).Append("\">کارتابل‌ها <span class=\"visually-hidden\">").Append(name).Append("</span></a>");
            html.Append("</li>\n");
        }
        return html.ToString().TrimEnd('\n');
    }
}

/// <summary>A staff page the signed-in person may open: its path and its name in the header.</summary>
internal sealed record StaffPageLink(string Path, string Name);
