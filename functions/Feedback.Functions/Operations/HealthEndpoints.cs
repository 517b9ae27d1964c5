using Feedback.Functions.Http;

namespace Feedback.Functions.Operations;

/// <summary>What /api/health/live answers: the process is up and serving requests.</summary>
public sealed record LivenessReport(string Status);

/// <summary>
/// Health for the platform and for people: /api/health/live answers 200 at once whenever the process serves
/// requests (it checks nothing else, so a dependency's outage never gets a working process restarted);
/// /api/health/ready answers 200 when this instance can do its work (see <see cref="Readiness"/>), else 503 as
/// problem details naming each check. /api/health, which ./feedback run and deployments wait on, answers as ready.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivePath = "/api/health/live";
    public const string ReadyPath = "/api/health/ready";
    public const string HealthPath = "/api/health";

    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LivePath, (HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store";
            return Results.Ok(new LivenessReport("live"));
        }).WithName("HealthLive").WithTags(ApiTags.Health).WithSummary("Liveness: the process is up").Produces<LivenessReport>(StatusCodes.Status200OK);
        endpoints.MapGet(ReadyPath, ReadyAsync).WithName("HealthReady").WithTags(ApiTags.Health)
            .WithSummary("Readiness: storage and the queue answer; SMS sending paused is reported as degraded")
            .Produces<ReadinessReport>(StatusCodes.Status200OK).AnswersProblem(StatusCodes.Status503ServiceUnavailable);
        endpoints.MapGet(HealthPath, ReadyAsync).WithName("Health").WithTags(ApiTags.Health)
            .WithSummary("Health, as readiness (what ./feedback run and deployments wait on)")
            .Produces<ReadinessReport>(StatusCodes.Status200OK).AnswersProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> ReadyAsync(Readiness readiness, HttpResponse response, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        var report = await readiness.CheckAsync(cancellationToken);
        if (report.IsReady)
            return Results.Ok(report);
        var down = report.Checks.Where(check => check.Value.Status == "down").Select(check => $"{check.Key}: {check.Value.Detail}");
        return Results.Problem(
            title: "Not ready",
            detail: string.Join("; ", down),
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["checks"] = report.Checks });
    }
}
