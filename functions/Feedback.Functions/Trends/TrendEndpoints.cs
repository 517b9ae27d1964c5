using System.Globalization;
using Feedback.Core.Routing;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Functions.Access;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Functions.Operations;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Trends;

/// <summary>
/// The governorate dashboard: its page at <c>/dashboard</c> (a static shell; everything it shows comes from the API),
/// and for governorate analysts and national admins, within the provinces their role covers (for an agency's staff,
/// their own agency's figures in their province):
/// <list type="bullet">
/// <item><c>GET /api/trends</c> — the <see cref="TrendReport"/> of a province, period and filter (read from the counters).</item>
/// <item><c>GET /api/trends/items</c> — the newest items behind a view (<c>limit</c>, 100 by default), masked.</item>
/// <item><c>GET /api/trends/export?view=…</c> — a view as CSV: series, topics, agencies, counties, rising, sla or items.</item>
/// </list>
/// </summary>
internal static class TrendEndpoints
{
    public const int DefaultItems = 100;

    private const string PageTemplateFile = "dashboard/index.html";
    private const string Unreadable = "the figures cannot be read right now; try again shortly";

    public static void MapTrends(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(StaffPages.DashboardPath, ServePageAsync).WithMetadata(new HostFunction("Pages"));
        endpoints.MapGet("/api/trends", ReportAsync).WithName("Trends").RequireStaff(StaffRole.AgencyStaff, StaffRole.GovernorateAnalyst, StaffRole.NationalAdmin).AnswersOutageWith(Unreadable)
            .WithTags(ApiTags.Trends)
            .WithSummary("Volume and sentiment over Jalali days or weeks, by topic, agency and county; satisfaction, rising negative topics, SLA breaches")
            .Produces<TrendReport>(StatusCodes.Status200OK).AnswersProblem(StatusCodes.Status400BadRequest);
        endpoints.MapGet("/api/trends/items", ItemsAsync).WithName("TrendItems").RequireStaff(StaffRole.AgencyStaff, StaffRole.GovernorateAnalyst, StaffRole.NationalAdmin).AnswersOutageWith(Unreadable)
            .WithTags(ApiTags.Trends)
            .WithSummary("The items behind a figure of the trends (masked text, no phone)")
            .Produces<DrillDownResult>(StatusCodes.Status200OK).AnswersProblem(StatusCodes.Status400BadRequest);
        endpoints.MapGet("/api/trends/export", ExportAsync).WithName("TrendExport").RequireStaff(StaffRole.AgencyStaff, StaffRole.GovernorateAnalyst, StaffRole.NationalAdmin).AnswersOutageWith(Unreadable)
            .WithTags(ApiTags.Trends)
            .WithSummary("One view of the trends as CSV (UTF-8 with BOM, for Excel)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").AnswersProblem(StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// The page's HTML with this deployment's province, the shared staff header and the rising-topics threshold filled
    /// in. Never cached: it is a signed-in person's page.
    /// </summary>
    private static Task<IResult> ServePageAsync(HttpContext context, CancellationToken cancellationToken) =>
        StaffPages.RenderAsync(PageTemplateFile, context, cancellationToken, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rising-minimum"] = TehranTime.PersianDigits(TrendReportBuilder.RisingMinimumVolume.ToString(CultureInfo.InvariantCulture)),
        });

    private static async Task<IResult> ReportAsync(HttpContext context, TrendDashboard dashboard, RoutingSource routing, IOptions<PipelineSettings> settings, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (request, problem) = Read(context, routing, settings, clock);
        if (request is null)
            return problem!;
        return Results.Ok(await dashboard.ReportAsync(request.Province, request.Period, request.Filter, cancellationToken));
    }

    private static async Task<IResult> ItemsAsync(HttpContext context, TrendDrillDown drillDown, RoutingSource routing, IOptions<PipelineSettings> settings, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (request, problem) = Read(context, routing, settings, clock);
        if (request is null)
            return problem!;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (TrendRequest.Limit(context.Request.Query, DefaultItems, errors) is not { } limit)
            return Problems.Validation(errors);
        return Results.Ok(await drillDown.ListAsync(request.Province, request.Period, request.Filter, limit, cancellationToken));
    }

    private static async Task<IResult> ExportAsync(HttpContext context, TrendDashboard dashboard, TrendDrillDown drillDown, RoutingSource routing, IOptions<PipelineSettings> settings, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (request, problem) = Read(context, routing, settings, clock);
        if (request is null)
            return problem!;
        var viewName = context.Request.Query["view"].ToString();
        if (!Enum.TryParse<TrendView>(viewName, ignoreCase: true, out var view) || !Enum.IsDefined(view) || !viewName.All(char.IsAsciiLetterLower))
            return Problems.Validation(new() { ["view"] = ["series, topics, agencies, counties, rising, sla or items"] });
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (TrendRequest.Limit(context.Request.Query, TrendDrillDown.MaxItems, errors) is not { } limit)
            return Problems.Validation(errors);
        var table = view == TrendView.Items
            ? TrendCsv.Of(await drillDown.ListAsync(request.Province, request.Period, request.Filter, limit, cancellationToken))
            : TrendCsv.Of(await dashboard.ReportAsync(request.Province, request.Period, request.Filter, cancellationToken), view);
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(table.ToUtf8WithBom(), "text/csv; charset=utf-8", request.FileName(viewName));
    }

    private static (TrendRequest? Request, IResult? Problem) Read(HttpContext context, RoutingSource routing, IOptions<PipelineSettings> settings, TimeProvider clock) =>
        TrendRequest.Read(context.Request.Query, context.Staff(), settings.Value.Province, routing.Current, JalaliDays.TehranDay(clock.GetUtcNow()));
}
