using Feedback.Classification.Taxonomy;
using Feedback.Core.Clients;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Intake;

/// <summary>The intake HTTP functions: thin translations between HTTP and <see cref="FeedbackIntake"/>.</summary>
internal static class IntakeEndpoints
{
    public const string WebRateLimitPolicy = "web-feedback";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public static void MapIntake(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/feedback", AcceptWebFeedbackAsync).RequireRateLimiting(WebRateLimitPolicy);
        endpoints.MapGet("/api/feedback/{trackingCode}", GetStatusAsync).RequireRateLimiting(WebRateLimitPolicy);
        endpoints.MapMethods("/api/sms/inbound/{secret}", [HttpMethods.Get, HttpMethods.Post], AcceptSmsAsync);
        endpoints.MapPost("/api/counter/feedback", AcceptCounterBatchAsync);
    }

    public const string ApiKeyHeader = "X-Api-Key";

    private static async Task<IResult> AcceptCounterBatchAsync(HttpRequest request, IApiKeyStore keys, FeedbackIntake intake, CancellationToken cancellationToken)
    {
        try
        {
            var office = await ApiKeys.AuthenticateAsync(keys, request.Headers[ApiKeyHeader], cancellationToken);
            if (office is null)
                return Problems.Status(StatusCodes.Status401Unauthorized, "Missing or unknown API key", $"send the counter office's key in the {ApiKeyHeader} header");
            var (body, problem) = await JsonBody.ReadAsync<CounterFeedbackRequest>(request, cancellationToken, CounterFeedbackRequest.MaxBytes);
            if (problem is not null)
                return problem;
            if (body!.Items is not { Count: > 0 and <= CounterFeedbackRequest.MaxItems } items)
                return Problems.Validation(new() { ["items"] = [$"from 1 to {CounterFeedbackRequest.MaxItems} items"] });

            var results = new List<CounterItemResult>(items.Count);
            for (var index = 0; index < items.Count; index++)
            {
                var (feedback, errors) = CounterFeedbackRequest.Validate(items[index], office);
                results.Add(feedback is null
                    ? new CounterItemResult(index, false, null, errors)
                    : new CounterItemResult(index, true, (await intake.AcceptAsync(feedback, cancellationToken)).Value, null));
            }
            return Results.Ok(new { results });
        }
        catch (Exception unavailable) when (StorageOutage.Is(unavailable))
        {
            return Problems.Unavailable(RetryAfter);
        }
    }

    private static async Task<IResult> AcceptSmsAsync(
        string secret, HttpRequest request, FeedbackIntake intake, TimeProvider clock, IOptions<PipelineSettings> settings, CancellationToken cancellationToken)
    {
        if (!SmsInbound.SecretMatches(secret, settings.Value.SmsInboundSecret!))
            return Problems.Status(StatusCodes.Status401Unauthorized, "Wrong secret", "the secret in the URL does not match this deployment's");
        var sms = await SmsInbound.ReadAsync(request, cancellationToken);
        var (feedback, errors) = sms.Validate(settings.Value.Province);
        if (feedback is null)
            return Problems.Validation(errors);
        var key = SmsDeduplication.Key(sms.MessageId, feedback.Phone!.E164, sms.To!, sms.Message!, clock.GetUtcNow());
        try
        {
            var code = await intake.AcceptSmsAsync(key, feedback, cancellationToken);
            return Results.Ok(new { trackingCode = code.Value });
        }
        catch (Exception unavailable) when (StorageOutage.Is(unavailable))
        {
            return Problems.Unavailable(RetryAfter);
        }
    }

    private static async Task<IResult> GetStatusAsync(string trackingCode, IFeedbackStore store, RoutingTable routing, CancellationToken cancellationToken)
    {
        var parsed = TrackingCode.Parse(trackingCode);
        if (parsed.Status == TrackingCodeStatus.Malformed)
            return Problems.Validation(new() { ["trackingCode"] = ["a tracking code is 10 digits"] });
        if (parsed.Code is null)
            return Problems.Status(StatusCodes.Status422UnprocessableEntity, "Mistyped tracking code", "the code's check digit does not match: check the code you typed");
        try
        {
            var item = await store.GetAsync(parsed.Code.Value, cancellationToken);
            return item is null
                ? Problems.Status(StatusCodes.Status404NotFound, "Unknown tracking code", "no feedback has this tracking code")
                : Results.Ok(StatusView.Of(item, routing));
        }
        catch (Exception unavailable) when (StorageOutage.Is(unavailable))
        {
            return Problems.Unavailable(RetryAfter);
        }
    }

    private static async Task<IResult> AcceptWebFeedbackAsync(HttpRequest request, FeedbackIntake intake, RoutingTable routing, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<WebFeedbackRequest>(request, cancellationToken);
        if (problem is not null)
            return problem;
        var (feedback, errors) = body!.Validate(province => routing.Resolve(province, null, FeedbackTaxonomy.TopicKeys[^1]) is not null);
        if (feedback is null)
            return Problems.Validation(errors);
        try
        {
            var code = await intake.AcceptAsync(feedback, cancellationToken);
            return Results.Json(new { trackingCode = code.Value, statusUrl = $"/api/feedback/{code.Value}" }, statusCode: StatusCodes.Status202Accepted);
        }
        catch (Exception unavailable) when (StorageOutage.Is(unavailable))
        {
            return Problems.Unavailable(RetryAfter);
        }
    }
}
