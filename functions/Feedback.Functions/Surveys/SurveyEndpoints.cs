using Feedback.Core.Clients;
using Feedback.Core.Routing;
using Feedback.Core.Surveys;
using Feedback.Core.Time;
using Feedback.Functions.Http;
using Feedback.Functions.Intake;
using Feedback.Functions.Operations;

namespace Feedback.Functions.Surveys;

/// <summary>ServiceCompleted: POST /api/services/completed from a counter office or an agency's system (API key): the survey SMS follows when the rules allow.</summary>
internal static class SurveyEndpoints
{
    public static void MapSurveys(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/services/completed", ReportAsync).WithName("ServiceCompleted")
            .AnswersOutageWith("the completed service was not recorded; send it again shortly")
            .WithTags(ApiTags.Surveys)
            .WithSummary("Report a completed public service; the survey SMS follows when the rules allow")
            .RequiresApiKey()
            .ReadsJson<ServiceCompletedRequest>()
            .Produces<SurveyScheduled>(StatusCodes.Status202Accepted)
            .Produces<SurveySkipped>(StatusCodes.Status200OK)
            .AnswersProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> ReportAsync(HttpRequest request, IApiKeyStore keys, SurveyScheduler scheduler, RoutingSource routing, TimeProvider clock, CancellationToken cancellationToken)
    {
        var client = await ApiKeys.AuthenticateAsync(keys, request.Headers[IntakeEndpoints.ApiKeyHeader], cancellationToken);
        if (client is null)
            return Problems.Status(StatusCodes.Status401Unauthorized, "Missing or unknown API key", $"send the counter office's or agency system's key in the {IntakeEndpoints.ApiKeyHeader} header");
        var (body, problem) = await RequestBody.ReadJsonAsync<ServiceCompletedRequest>(request, cancellationToken, ServiceCompletedRequest.MaxBytes);
        if (problem is not null)
            return problem;
        var (service, errors) = body!.Validate(client, routing.Current, clock.GetUtcNow());
        if (service is null)
            return Problems.Validation(errors);
        return await scheduler.ScheduleAsync(service, cancellationToken) switch
        {
            SendSurvey send => Results.Accepted(value: new SurveyScheduled(true, send.At, TehranTime.JalaliText(send.At))),
            SkipSurveyedRecently => Results.Ok(new SurveySkipped(false, "surveyed-recently")),
            _ => Results.Ok(new SurveySkipped(false, "opted-out")),
        };
    }
}

/// <summary>A survey SMS is scheduled: when, in UTC and as Tehran's Jalali date and time.</summary>
internal sealed record SurveyScheduled(bool Surveyed, DateTimeOffset ScheduledFor, string ScheduledForTehran);

/// <summary>No survey: surveyed-recently or opted-out.</summary>
internal sealed record SurveySkipped(bool Surveyed, string Reason);
