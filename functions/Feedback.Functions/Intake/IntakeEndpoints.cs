using System.Diagnostics;
using System.Text.Json.Serialization;
using Feedback.Core.Agencies;
using Feedback.Core.Clients;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Routing;
using Feedback.Core.Surveys;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Functions.Telemetry;
using Feedback.Storage.Connection;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Intake;

/// <summary>The intake HTTP functions: thin translations between HTTP and <see cref="FeedbackIntake"/>.</summary>
internal static class IntakeEndpoints
{
    public const string WebRateLimitPolicy = "web-feedback";
    public const string StatusRateLimitPolicy = "status-lookup";
    public const string ApiKeyHeader = "X-Api-Key";

    private const string NotAccepted = "the feedback could not be stored right now and was not accepted; try again shortly";

    public static void MapIntake(this IEndpointRouteBuilder endpoints)
    {
        var intake = endpoints.MapGroup(string.Empty).AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<IntakeFirst>().CountAsync(context, next));
        CitizenProblems.WebFeedback.For(intake.MapPost("/api/feedback", AcceptWebFeedbackAsync)).WithName("WebFeedback").RequireRateLimiting(WebRateLimitPolicy).AnswersOutageWith(NotAccepted)
            .WithTags(ApiTags.Intake)
            .WithSummary("Submit feedback from the web form; answers with the tracking code")
            .ReadsJson<WebFeedbackRequest>()
            .Produces<FeedbackAccepted>(StatusCodes.Status202Accepted)
            .AnswersProblem(StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        intake.MapMethods("/api/sms/inbound/{secret?}", [HttpMethods.Get, HttpMethods.Post], AcceptSmsAsync).WithMetadata(new HostFunction("SmsInbound")).AnswersOutageWith(NotAccepted)
            .WithTags(ApiTags.Sms)
            .WithSummary("Kavenegar's inbound SMS forwarding (query or form: messageid, from, to, message)")
            .Produces<InboundSmsAnswer>(StatusCodes.Status200OK)
            .AnswersProblem(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable);
        intake.MapPost("/api/counter/feedback", AcceptCounterBatchAsync).WithName("CounterFeedback").AnswersOutageWith(NotAccepted)
            .WithTags(ApiTags.Intake)
            .WithSummary("Submit a batch of feedback typed in at a counter office; each item is accepted or refused on its own")
            .RequiresApiKey()
            .ReadsJson<CounterFeedbackRequest>()
            .Produces<CounterBatchAnswer>(StatusCodes.Status200OK)
            .AnswersProblem(StatusCodes.Status503ServiceUnavailable);
        CitizenProblems.StatusLookup.For(endpoints.MapGet("/api/feedback/{trackingCode}", GetStatusAsync)).WithName("FeedbackStatus").RequireRateLimiting(StatusRateLimitPolicy)
            .AnswersOutageWith("the status cannot be read right now; try again shortly")
            .WithTags(ApiTags.Intake)
            .WithSummary("Look up a feedback item's status by its tracking code (no personal data)")
            .Produces<StatusView>(StatusCodes.Status200OK)
            .AnswersProblem(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> AcceptCounterBatchAsync(HttpRequest request, IApiKeyStore keys, FeedbackIntake intake, RoutingSource routing, DeferredIntakeLog deferrals, CancellationToken cancellationToken)
    {
        var office = await ApiKeys.AuthenticateAsync(keys, request.Headers[ApiKeyHeader], cancellationToken);
        if (office is null)
            return Problems.Status(StatusCodes.Status401Unauthorized, "Missing or unknown API key", $"send the counter office's key in the {ApiKeyHeader} header");
        var (body, problem) = await RequestBody.ReadJsonAsync<CounterFeedbackRequest>(request, cancellationToken, CounterFeedbackRequest.MaxBytes);
        if (problem is not null)
            return problem;
        if (body!.Items is not { Count: > 0 and <= CounterFeedbackRequest.MaxItems } items)
            return Problems.Validation(new() { ["items"] = [$"from 1 to {CounterFeedbackRequest.MaxItems} items"] });

        var results = new List<CounterItemResult>(items.Count);
        for (var index = 0; index < items.Count; index++)
        {
            var (feedback, errors) = CounterFeedbackRequest.Validate(items[index], office, routing.Current);
            results.Add(feedback is null
                ? new CounterItemResult(index, false, null, errors)
                : await AcceptCounterItemAsync(index, feedback, intake, deferrals, cancellationToken));
        }
        return Results.Ok(new CounterBatchAnswer(results));
    }

    private static async Task<IResult> AcceptSmsAsync(string? secret, HttpRequest request, InboundSmsFlow flow, IOptions<PipelineSettings> settings, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!SmsInbound.SecretMatches(SmsInbound.SecretOf(secret, request), settings.Value.SmsInboundSecret!))
            return SmsInbound.WrongSecret();
        var (sms, unreadable) = await SmsInbound.ReadAsync(request, cancellationToken);
        if (unreadable is not null)
            return unreadable;
        var outcome = await flow.HandleAsync(sms!, cancellationToken);
        if (outcome is InboundSmsOutcome.Accepted)
            PipelineTelemetry.IntakeAccepted(FeedbackChannel.Sms, started);
        return outcome switch
        {
            InboundSmsOutcome.Command command => Results.Ok(new InboundSmsAnswer(null, command.Kind == SmsCommand.OptOut ? "opt-out" : "opt-in", command.Changed)),
            InboundSmsOutcome.Accepted accepted => Results.Ok(new InboundSmsAnswer(accepted.Receipt.Code.Value)),
            var invalid => Problems.Validation(((InboundSmsOutcome.Invalid)invalid).Errors),
        };
    }

    private static async Task<IResult> GetStatusAsync(string trackingCode, HttpContext context, IFeedbackStore store, RoutingSource routing, SlaPolicy sla, UnknownCodeLookups unknownCodes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var parsed = TrackingCode.Parse(trackingCode);
        if (parsed.Status == TrackingCodeStatus.Malformed)
            return Problems.Validation(new() { ["trackingCode"] = ["a tracking code is 10 digits"] });
        if (parsed.Code is null)
            return Problems.Status(StatusCodes.Status422UnprocessableEntity, "Mistyped tracking code", "the code's check digit does not match: check the code you typed");
        var client = ClientAddress.Key(context);
        if (unknownCodes.Wait(client) is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many unknown tracking codes", "too many codes that do not exist were looked up; try again later");
        }
        var item = await store.GetAsync(parsed.Code, cancellationToken);
        if (item is null)
            unknownCodes.Missed(client);
        return item is null
            ? Problems.Status(StatusCodes.Status404NotFound, "Unknown tracking code", "no feedback has this tracking code")
            : Results.Ok(StatusView.Of(item, routing.Current, sla, clock.GetUtcNow()));
    }

    private static async Task<IResult> AcceptWebFeedbackAsync(HttpRequest request, FeedbackIntake intake, RoutingSource routing, DeferredIntakeLog deferrals, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (body, problem) = await RequestBody.ReadJsonAsync<WebFeedbackRequest>(request, cancellationToken);
        if (problem is not null)
            return problem;
        var (feedback, errors) = body!.Validate(routing.Current);
        if (feedback is null)
            return Problems.Validation(errors);
        using var step = StorageCaller.ForStep("intake web");
        var receipt = deferrals.Noted(await intake.AcceptAsync(feedback, cancellationToken));
        PipelineTelemetry.IntakeAccepted(feedback.Channel, started);
        return Results.Json(new FeedbackAccepted(receipt.Code.Value, $"/api/feedback/{receipt.Code.Value}"), statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>An outage on one item of a batch fails that item only: the ones before it keep their codes.</summary>
    private static async Task<CounterItemResult> AcceptCounterItemAsync(int index, NewFeedback feedback, FeedbackIntake intake, DeferredIntakeLog deferrals, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var step = StorageCaller.ForStep("intake web");
        try
        {
            var receipt = deferrals.Noted(await intake.AcceptAsync(feedback, cancellationToken));
            PipelineTelemetry.IntakeAccepted(feedback.Channel, started);
            return new CounterItemResult(index, true, receipt.Code.Value, null);
        }
        catch (Exception unavailable) when (StorageOutage.Is(unavailable))
        {
            return new CounterItemResult(index, false, null, new() { ["item"] = ["not stored: storage is unavailable; send this item again"] });
        }
    }
}

/// <summary>POST /api/feedback's 202: the tracking code, and where its status is read.</summary>
public sealed record FeedbackAccepted(string TrackingCode, string StatusUrl);

/// <summary>
/// An inbound SMS's 200: the tracking code of its own item (an answer to a case is attached to that case by processing,
/// and the code then answers so on the status page), or the opt-out/opt-in command it was.
/// </summary>
public sealed record InboundSmsAnswer(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TrackingCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Command = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Changed = null);

/// <summary>A counter office's batch answered item by item.</summary>
public sealed record CounterBatchAnswer(IReadOnlyList<CounterItemResult> Results);

/// <summary>
/// Intake before processing, in Local mode: a citizen waits on an intake request, nobody waits on a queue message.
/// The intake endpoints count themselves in flight here; the local trigger runner takes no new message while more
/// than <see cref="Busy"/> are, so on one machine's storage a load above what it can process shows as a queue
/// backlog that drains afterwards, not as citizens waiting for their tracking code. (In Azure the Functions host
/// scales intake and processing apart.)
/// </summary>
public sealed class IntakeFirst
{
    /// <summary>Intake requests in flight above which processing takes no new message.</summary>
    public const int Busy = 6;

    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(10);

    private int inFlight;

    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>An endpoint filter counting the intake request in flight while it runs.</summary>
    public async ValueTask<object?> CountAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        Interlocked.Increment(ref inFlight);
        try
        {
            return await next(context);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    /// <summary>Returns once intake is not busy.</summary>
    public async Task WaitUntilQuietAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        while (InFlight > Busy)
            await Task.Delay(Recheck, clock, cancellationToken);
    }
}
