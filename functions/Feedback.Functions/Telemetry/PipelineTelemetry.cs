using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Functions.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Feedback.Functions.Telemetry;

/// <summary>
/// The pipeline's own traces and metrics, under the name "Feedback.Pipeline": what intake accepted and how long
/// it took, how far processing lagged behind intake, how sure the classifier was, which SMS went out or failed,
/// and what was dead-lettered. Tags name channels, kinds and queues only: never a phone number, a message text,
/// a tracking code or a secret.
/// </summary>
public static class PipelineTelemetry
{
    public const string Name = "Feedback.Pipeline";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> IntakeAcceptedCount = Meter.CreateCounter<long>(
        "feedback.intake.accepted", "{item}", "Feedback items intake accepted (an SMS the provider delivers again counts again)");

    private static readonly Histogram<double> IntakeDuration = Meter.CreateHistogram(
        "feedback.intake.duration", "ms", "Time to accept one item: validation, storing it and handing it to processing", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 10000] });

    private static readonly Histogram<double> ProcessingLag = Meter.CreateHistogram(
        "feedback.processing.lag", "s", "From an item's receipt at intake to its routing", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400] });

    private static readonly Histogram<double> ClassificationConfidence = Meter.CreateHistogram(
        "feedback.classification.confidence", "1", "The classifier's probability for the label it chose", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95] });

    private static readonly Counter<long> SmsSentCount = Meter.CreateCounter<long>("feedback.sms.sent", "{sms}", "SMS the provider accepted");

    private static readonly Counter<long> SmsFailedCount = Meter.CreateCounter<long>(
        "feedback.sms.failed", "{sms}", "SMS that will not be sent: undeliverable, or given up after every retry");

    private static readonly Counter<long> DeadLetterCount = Meter.CreateCounter<long>(
        "feedback.deadletters", "{message}", "Queue messages given up and dead-lettered");

    private static readonly Counter<long> PostponedCount = Meter.CreateCounter<long>(
        "feedback.postponed", "{message}", "Queue messages put back for later because storage was out (not counted as failed deliveries)");

    /// <summary>The pipeline's activities: one per queue message handled, beside ASP.NET Core's one per request.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>An activity around handling one message of <paramref name="queue"/>; null when nobody listens.</summary>
    public static Activity? StartHandling(string function, string queue) =>
        Source.StartActivity(ActivityKind.Consumer, tags: [new("messaging.destination.name", queue)], name: function);

    /// <param name="startedTimestamp">When handling the request began, from <see cref="Stopwatch.GetTimestamp"/>.</param>
    public static void IntakeAccepted(FeedbackChannel channel, long startedTimestamp)
    {
        var tag = new KeyValuePair<string, object?>("channel", ChannelName(channel));
        IntakeAcceptedCount.Add(1, tag);
        IntakeDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, tag);
    }

    /// <summary>An item processing has just routed: its lag since intake, and the classifier's confidence in each label it gave.</summary>
    public static void Routed(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Status != FeedbackStatus.Routed || item.Assessment is not { } assessment)
            return;
        if (item.History.LastOrDefault(step => step.Status == FeedbackStatus.Routed) is { } routed)
            ProcessingLag.Record(Math.Max(0, (routed.At - item.ReceivedAt).TotalSeconds));
        ClassificationConfidence.Record(assessment.TopicProbability, new KeyValuePair<string, object?>("kind", "topic"));
        // A survey reply that is only a rating gets its sentiment from the rating (probability 1), not from the classifier.
        if (item.Rating is null || item.Text.Any(char.IsLetter))
            ClassificationConfidence.Record(assessment.SentimentProbability, new KeyValuePair<string, object?>("kind", "sentiment"));
    }

    /// <summary>Counts what became of one dispatch: sent, or undeliverable (the others send later or never needed to).</summary>
    public static void SmsDispatched(SmsKind kind, DispatchOutcome outcome)
    {
        if (outcome == DispatchOutcome.Sent)
            SmsSent(kind);
        else if (outcome == DispatchOutcome.Undeliverable)
            SmsFailed(kind);
    }

    public static void SmsSent(SmsKind kind) => SmsSentCount.Add(1, new KeyValuePair<string, object?>("kind", KindName(kind)));

    public static void SmsFailed(SmsKind kind) => SmsFailedCount.Add(1, new KeyValuePair<string, object?>("kind", KindName(kind)));

    public static void DeadLettered(string queue) => DeadLetterCount.Add(1, new KeyValuePair<string, object?>("queue", queue));

    public static void Postponed(string queue) => PostponedCount.Add(1, new KeyValuePair<string, object?>("queue", queue));

    private static string ChannelName(FeedbackChannel channel) => channel switch
    {
        FeedbackChannel.Sms => "sms",
        FeedbackChannel.Web => "web",
        FeedbackChannel.CounterOffice => "counter-office",
        _ => "other",
    };

    private static string KindName(SmsKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());
}

/// <summary>
/// Names ASP.NET Core's activity of each request after its route and tags it with the method, the route and the
/// status code (OpenTelemetry's HTTP conventions), which ASP.NET Core itself leaves out. Never the path or the query:
/// the SMS webhooks carry their secret in the path, and Kavenegar's inbound SMS the citizen's number in the query.
/// First in the pipeline, so that it also sees what the rate limiter and the exception handler answered.
/// </summary>
internal sealed class RequestActivityTags : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                Tag(context);
            }
        });
        next(app);
    };

    private static void Tag(HttpContext context)
    {
        if (context.Features.Get<IHttpActivityFeature>()?.Activity is not { IsAllDataRequested: true } activity)
            return;
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var method = context.Request.Method;
        var status = context.Response.StatusCode;
        activity.DisplayName = route is null ? method : $"{method} {route}";
        activity.SetTag("http.request.method", method);
        if (route is not null)
            activity.SetTag("http.route", route);
        activity.SetTag("http.response.status_code", status);
        if (status >= 500)
            activity.SetStatus(ActivityStatusCode.Error);
    }
}
