using Feedback.Core.Routing;
using Feedback.Core.Scorecard;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Functions.Pages;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Scorecard;

/// <summary>
/// The public scorecard, for anyone, signed in or not: its page at <c>/scorecard</c> (a static shell), and
/// <list type="bullet">
/// <item><c>GET /api/scorecard?period=1405-09|1405-q3|1405</c> — the <see cref="ScorecardReport"/> of a Jalali month, quarter or year (this month by default).</item>
/// <item><c>GET /api/scorecard/export?period=…</c> — the same as CSV (UTF-8 with BOM).</item>
/// </list>
/// Both are output-cached for <see cref="CacheDuration"/> per period (the rest of the query is not part of the key, so
/// it cannot be varied to miss the cache; concurrent misses wait for one computation), and rate-limited per client
/// before the cache, so a crowd costs storage one read of each period per instance and cache period.
/// </summary>
internal static class ScorecardEndpoints
{
    public const string RateLimitPolicy = "scorecard";
    public const string CachePolicy = "scorecard";
    public const int RequestsPerMinute = 30;

    /// <summary>How long one computation of a period is served: figures a public page can be this late with.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(10);

    private const string PageTemplateFile = "scorecard/index.html";
    private const string Unreadable = "the scorecard cannot be read right now; try again shortly";

    public static void MapScorecard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(CitizenPages.ScorecardPath, (HttpContext context, CancellationToken cancellationToken) => CitizenPages.RenderAsync(PageTemplateFile, context, cancellationToken)).WithMetadata(new HostFunction("Pages"));
        Public(endpoints.MapGet("/api/scorecard", ReportAsync)).WithName("Scorecard")
            .WithSummary("The public scorecard of a Jalali month, quarter or year: per province, agency and counter office; groups under the minimum size are not shown")
            .Produces<ScorecardReport>(StatusCodes.Status200OK);
        Public(endpoints.MapGet("/api/scorecard/export", ExportAsync)).WithName("ScorecardExport")
            .WithSummary("The public scorecard as CSV (UTF-8 with BOM, for Excel)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
    }

    private static RouteHandlerBuilder Public(RouteHandlerBuilder builder) =>
        CitizenProblems.Scorecard.For(builder).RequireRateLimiting(RateLimitPolicy).CacheOutput(CachePolicy).AnswersOutageWith(Unreadable)
            .WithTags(ApiTags.Scorecard)
            .AnswersProblem(StatusCodes.Status400BadRequest, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> ReportAsync(HttpContext context, IScorecardSource source, RoutingSource routing, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (period, problem) = Read(context, clock);
        if (period is null)
            return problem!;
        return Results.Ok(await BuildAsync(period, source, routing.Current, clock, cancellationToken));
    }

    private static async Task<IResult> ExportAsync(HttpContext context, IScorecardSource source, RoutingSource routing, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (period, problem) = Read(context, clock);
        if (period is null)
            return problem!;
        var scorecard = await BuildAsync(period, source, routing.Current, clock, cancellationToken);
        return Results.File(ScorecardCsv.Of(scorecard).ToUtf8WithBom(), "text/csv; charset=utf-8", $"scorecard-{period.Key}.csv");
    }

    /// <summary>Reads the days of the period up to today (none later), of every province this deployment serves.</summary>
    private static async Task<ScorecardReport> BuildAsync(ScorecardPeriod period, IScorecardSource source, RoutingTable routing, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = JalaliDays.TehranDay(now);
        var provinces = Provinces.All.Select(province => province.Key).Where(routing.Serves).ToArray();
        var entries = await source.ReadAsync(provinces, period.From, today < period.To ? today : period.To, cancellationToken);
        var builder = new ScorecardBuilder(key => Provinces.Find(key)?.PersianName ?? key, key => routing.FindAgency(key)?.PersianName ?? key);
        return builder.Build(period, entries, ScorecardPeriod.Choices(today), now);
    }

    private static (ScorecardPeriod? Period, IResult? Problem) Read(HttpContext context, TimeProvider clock)
    {
        var today = JalaliDays.TehranDay(clock.GetUtcNow());
        var text = context.Request.Query["period"].ToString();
        var period = text.Length == 0 ? ScorecardPeriod.MonthOf(today) : ScorecardPeriod.TryParse(text);
        if (period is null || period.From > today)
        {
            return (null, Problems.Validation(new()
            {
                ["period"] = [$"a Jalali month, quarter or year from {ScorecardPeriod.FirstYear} that has started, e.g. 1405-09, 1405-q3 or 1405"],
            }));
        }
        return (period, null);
    }
}
