using Feedback.Classification.Taxonomy;
using Feedback.Core.Agencies;
using Feedback.Core.Routing;
using Feedback.Functions.Http;
using Feedback.Functions.Operations;
using Feedback.Storage.Access;

namespace Feedback.Functions.Access;

/// <summary>
/// Who is signed in (GET /api/staff/me, with what their pages need to know) and signing out, in every mode; and the
/// local run's sign-in (<see cref="MapLocalSignIn"/>): the page at /staff/sign-in offering the demo users and POST
/// /api/staff/sign-in. Outside Local mode the sign-in is not mapped at all (App Service Authentication signs people
/// in with Entra ID), so its addresses are unknown there (404).
/// </summary>
internal static class StaffEndpoints
{
    private const string MembershipUnreadable = "the membership table cannot be read right now; try again shortly";

    public static void MapStaffMe(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/staff/me", ShowMe).WithName("StaffMe").RequireStaff().AnswersOutageWith(MembershipUnreadable)
            .WithTags(ApiTags.Staff)
            .WithSummary("The signed-in member of staff: role, province, agency and the inboxes they may open")
            .Produces<StaffView>(StatusCodes.Status200OK);
        endpoints.MapPost("/api/staff/sign-out", SignOut).WithName("StaffSignOut").RequireSameOrigin()
            .WithTags(ApiTags.Staff)
            .WithSummary("Clear the local session cookie")
            .Produces(StatusCodes.Status204NoContent);
    }

    /// <summary>Local mode only: the dev sign-in.</summary>
    public static void MapLocalSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/staff/demo-users", ListDemoUsersAsync).WithName("StaffDemoUsers")
            .AnswersOutageWith("the demo users cannot be read right now; try again shortly")
            .WithTags(ApiTags.Staff)
            .WithSummary("Local mode only: the seeded demo users to sign in as (unknown elsewhere: 404)")
            .Produces<DemoUsersView>(StatusCodes.Status200OK).AnswersProblem(StatusCodes.Status503ServiceUnavailable);
        endpoints.MapPost("/api/staff/sign-in", SignInAsync).WithName("StaffSignIn").RequireSameOrigin().AnswersOutageWith(MembershipUnreadable)
            .WithTags(ApiTags.Staff)
            .WithSummary("Local mode only: sign in as a seeded demo user (sets the session cookie; unknown elsewhere: 404)")
            .ReadsJson<SignInRequest>()
            .Produces<StaffView>(StatusCodes.Status200OK).AnswersProblem(StatusCodes.Status503ServiceUnavailable);
        endpoints.MapGet(StaffPages.SignInPath, (HttpContext context, CancellationToken cancellationToken) => StaffPages.RenderAsync("staff/sign-in.html", context, cancellationToken))
            .WithMetadata(new HostFunction("Pages"));
    }

    private static IResult ShowMe(HttpContext context, RoutingSource routing, StaffSignIn signIn)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Ok(StaffView.Of(context.Staff(), routing.Current, signIn.IsLocal));
    }

    private static async Task<IResult> ListDemoUsersAsync(TableStaffMembers members, RoutingSource routing, CancellationToken cancellationToken)
    {
        var stored = new List<StaffMembership>();
        foreach (var demo in DemoStaff.Members)
        {
            if (await members.FindAsync(demo.UserId, cancellationToken) is { } member)
                stored.Add(member);
        }
        return Results.Ok(new DemoUsersView([.. stored.Select(member => StaffView.UserOf(StaffUserResolver.ToStaffUser(member)!, routing.Current))]));
    }

    private static async Task<IResult> SignInAsync(HttpRequest request, TableStaffMembers members, DevSession session, RoutingSource routing, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadJsonAsync<SignInRequest>(request, cancellationToken);
        if (problem is not null)
            return problem;
        if (string.IsNullOrWhiteSpace(body!.UserId))
            return Problems.Validation(new() { ["userId"] = ["name the member of staff to sign in as"] });
        var member = await members.FindAsync(body.UserId, cancellationToken);
        if (member is null)
            return Problems.Validation(new() { ["userId"] = ["no member of staff has this id"] });
        session.Issue(request.HttpContext.Response, member.UserId);
        return Results.Ok(StaffView.Of(StaffUserResolver.ToStaffUser(member)!, routing.Current, localSignIn: true));
    }

    private static IResult SignOut(HttpResponse response)
    {
        DevSession.Clear(response);
        return Results.NoContent();
    }

    private sealed record SignInRequest([property: System.ComponentModel.DataAnnotations.Required] string? UserId);
}

/// <summary>The demo users a local sign-in offers.</summary>
internal sealed record DemoUsersView(IReadOnlyList<StaffUserView> Users);

/// <summary>A key and the Persian name people read.</summary>
internal sealed record NamedKey(string Key, string Name);

/// <summary>The signed-in member of staff as their pages show them.</summary>
internal sealed record StaffUserView(string Id, string Name, string Role, string? Province, string? ProvinceName, string? Agency, string? AgencyName);

/// <summary>
/// What the staff pages need about the signed-in person: who they are, whether they may act on items, which
/// inboxes they may open (an agency's staff their own, an analyst their province's agencies, an admin every
/// agency), where a reassignment may send an item, the labels of the taxonomy, and their role's home and pages.
/// </summary>
internal sealed record StaffView(
    StaffUserView User,
    bool CanAct,
    bool LocalSignIn,
    IReadOnlyList<NamedKey> Provinces,
    IReadOnlyList<InboxChoice> Inboxes,
    IReadOnlyList<NamedKey> ReassignTo,
    IReadOnlyList<InboxChoice> Counties,
    IReadOnlyList<NamedKey> Topics,
    IReadOnlyList<NamedKey> Sentiments,
    IReadOnlyList<string> Statuses,
    string Home,
    IReadOnlyList<StaffPageLink> Pages)
{
    /// <summary>The role as APIs and the command line name it.</summary>
    public static string RoleKey(StaffRole role) => role switch
    {
        StaffRole.AgencyStaff => "agency-staff",
        StaffRole.GovernorateAnalyst => "governorate-analyst",
        _ => "national-admin",
    };

    public static StaffUserView UserOf(StaffUser user, RoutingTable routing)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(routing);
        return new(
            user.Id,
            user.DisplayName,
            RoleKey(user.Role),
            user.Province,
            user.Province is null ? null : Feedback.Core.Routing.Provinces.Find(user.Province)?.PersianName,
            user.AgencyKey,
            user.AgencyKey is null ? null : routing.FindAgency(user.AgencyKey)?.PersianName);
    }

    public static StaffView Of(StaffUser user, RoutingTable routing, bool localSignIn)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(routing);
        var inboxes = routing.Agencies
            .Where(agency => user.Role == StaffRole.AgencyStaff ? user.CanWorkAgency(agency.ProvinceKey, agency.Key) : user.CanSeeProvince(agency.ProvinceKey))
            .OrderBy(agency => agency.ProvinceKey, StringComparer.Ordinal).ThenBy(agency => agency.PersianName, StringComparer.Ordinal)
            .Select(agency => new InboxChoice(agency.ProvinceKey, agency.Key, agency.PersianName))
            .ToArray();
        var provinces = inboxes.Select(inbox => inbox.Province).Distinct(StringComparer.Ordinal)
            .Select(key => new NamedKey(key, Feedback.Core.Routing.Provinces.Find(key)?.PersianName ?? key)).ToArray();
        var reassignTo = user.Role == StaffRole.AgencyStaff
            ? routing.Agencies.Where(agency => agency.ProvinceKey == user.Province && agency.Key != user.AgencyKey)
                .OrderBy(agency => agency.PersianName, StringComparer.Ordinal).Select(agency => new NamedKey(agency.Key, agency.PersianName)).ToArray()
            : [];
        var counties = provinces.SelectMany(province => Feedback.Core.Routing.Provinces.CountiesOf(province.Key)).Select(county => new InboxChoice(county.ProvinceKey, county.Key, county.PersianName)).ToArray();
        return new(
            UserOf(user, routing),
            user.Role == StaffRole.AgencyStaff,
            localSignIn,
            provinces,
            inboxes,
            reassignTo,
            counties,
            [.. FeedbackTaxonomy.Topics.Select(topic => new NamedKey(topic.Key, topic.PersianName))],
            [.. FeedbackTaxonomy.Sentiments.Select(sentiment => new NamedKey(sentiment.Key, sentiment.PersianName))],
            [.. InboxFilter.InboxStatuses.Select(InboxFilter.Key)],
            StaffNavigation.HomeOf(user.Role),
            StaffNavigation.PagesOf(user.Role));
    }
}

/// <summary>Something of a province the person may choose: an agency's inbox, or a county to filter by.</summary>
internal sealed record InboxChoice(string Province, string Key, string Name);
