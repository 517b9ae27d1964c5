using Feedback.Core.Messaging;
using Feedback.Functions.CustomHandler;
using Feedback.Functions.Http;
using Feedback.Functions.Telemetry;
using Feedback.Storage.Connection;

namespace Feedback.Functions.Triggers;

/// <summary>
/// The non-HTTP functions as the Functions host calls them in Azure: POST /{FunctionName} with the
/// invocation payload. The host completes a message when the answer is a success and abandons it otherwise
/// (it redelivers at once; Service Bus dead-letters it after the queue's max delivery count). To retry and
/// dead-letter as the local run does, a failed or given-up message is settled by sending a copy
/// (<see cref="Redelivery"/>) and answering success; only when that copy cannot be sent does the answer fail,
/// and the host's own abandon is the fallback.
/// </summary>
internal static partial class TriggerEndpoints
{
    /// <summary>The binding names in the functions' function.json.</summary>
    public const string MessageBinding = "message";
    public const string TimerBinding = "timer";

    /// <summary>A Service Bus message is at most 256 KB; its invocation payload carries it once, with metadata.</summary>
    private const int MaxInvocationBytes = 1024 * 1024;

    public static void MapTriggers(this IEndpointRouteBuilder endpoints)
    {
        var triggers = endpoints.MapGroup(string.Empty).AddEndpointFilter((invocation, next) =>
            FromHost(invocation.HttpContext) ? next(invocation) : ValueTask.FromResult<object?>(Problems.Status(StatusCodes.Status404NotFound, "Not found", "no such page")));
        foreach (var trigger in endpoints.ServiceProvider.GetServices<IQueueTrigger>())
            triggers.MapPost($"/{trigger.FunctionName}", (HttpRequest request, CancellationToken cancellationToken) => DeliverAsync(trigger, request, cancellationToken))
                .WithName(trigger.FunctionName);
        foreach (var timer in endpoints.ServiceProvider.GetServices<ITimerTrigger>())
            triggers.MapPost($"/{timer.FunctionName}", (HttpRequest request, CancellationToken cancellationToken) => FireAsync(timer, request, cancellationToken))
                .WithName(timer.FunctionName);
    }

    /// <summary>
    /// Whether the call can be the Functions host's (or a local runner's): from this machine, and not from a browser.
    /// In Azure the app listens on 127.0.0.1 only, behind the host. Locally the app also serves the browser on
    /// localhost, so a page's request is told apart by what every browser adds to a cross-origin or fetch()
    /// request (Origin, Sec-Fetch-Site) and the host filter keeps out other sites' names; the local runner calls the
    /// triggers in-process and never comes here. An in-process test server has no remote address.
    /// </summary>
    private static bool FromHost(HttpContext context) =>
        (context.Connection.RemoteIpAddress is not { } remote || System.Net.IPAddress.IsLoopback(remote))
        && !context.Request.Headers.ContainsKey("Origin")
        && !context.Request.Headers.ContainsKey("Sec-Fetch-Site");

    private static async Task<IResult> DeliverAsync(IQueueTrigger trigger, HttpRequest request, CancellationToken cancellationToken)
    {
        var (message, problem) = await ReadAsync(request, invocation => InvocationTranslator.ToReceivedMessage(invocation, MessageBinding), cancellationToken);
        if (message is null)
            return problem!;
        var result = await trigger.DeliverAsync(message, cancellationToken);
        var reason = result.Reason ?? $"{trigger.FunctionName} failed";
        switch (result.Verdict)
        {
            case DeliveryVerdict.Done or DeliveryVerdict.Postponed:
                return HostInvocationResults.Succeeded();
            case DeliveryVerdict.DeadLetter when Redelivery.DeadLetterReason(message) is not null:
                // The copy carrying the reason: failing every delivery lets Service Bus dead-letter it, reason and all.
                return HostInvocationResults.Failed(reason);
        }
        var counted = Redelivery.Counted(message);
        var copy = result.Verdict == DeliveryVerdict.Retry
            ? Redelivery.RetryCopyOf(counted, request.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow())
            : Redelivery.DeadLetterCopyOf(counted, reason);
        var logger = request.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TriggerEndpoints));
        try
        {
            await request.HttpContext.RequestServices.GetRequiredService<IMessageSender>().SendAsync(trigger.Queue, copy, cancellationToken);
        }
        catch (Exception unsent) when (unsent is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCopyUnsent(logger, trigger.FunctionName, copy.MessageId, unsent.Message);
            return HostInvocationResults.Failed(reason);
        }
        if (result.Verdict == DeliveryVerdict.DeadLetter)
        {
            LogDeadLettered(logger, trigger.FunctionName, copy.MessageId, reason);
            PipelineTelemetry.DeadLettered(trigger.Queue);
        }
        return HostInvocationResults.Succeeded();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: the copy {Copy} could not be sent ({Failure}); the host abandons the message instead")]
    private static partial void LogCopyUnsent(ILogger logger, string function, string copy, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} gave up a message, dead-lettered as {Copy}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string function, string copy, string reason);

    private static async Task<IResult> FireAsync(ITimerTrigger timer, HttpRequest request, CancellationToken cancellationToken)
    {
        var (schedule, problem) = await ReadAsync(request, invocation => InvocationTranslator.ToTimerScheduleStatus(invocation, TimerBinding), cancellationToken);
        if (schedule is null)
            return problem!;
        using var step = StorageCaller.ForStep(timer.FunctionName);
        var done = await timer.FireAsync(cancellationToken);
        return HostInvocationResults.Succeeded([$"{done}{(schedule.IsPastDue ? " (the timer was past due)" : "")}"]);
    }

    /// <summary>The host's invocation payload, translated; or the problem (400/413/415) when the host would never have sent it.</summary>
    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, Func<HostInvocationRequest, T> translate, CancellationToken cancellationToken)
        where T : class
    {
        var (invocation, problem) = await RequestBody.ReadJsonAsync<HostInvocationRequest>(request, cancellationToken, MaxInvocationBytes);
        if (invocation is null)
            return (null, problem);
        try
        {
            return (translate(invocation), null);
        }
        catch (HostInvocationFormatException unreadable)
        {
            return (null, Problems.Validation(new() { ["Data"] = [unreadable.Message] }));
        }
    }
}
