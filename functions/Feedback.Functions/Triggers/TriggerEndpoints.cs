using Feedback.Core.Messaging;
using Feedback.Functions.CustomHandler;
using Feedback.Functions.Http;
using Feedback.Functions.Operations;

namespace Feedback.Functions.Triggers;

/// <summary>
/// The non-HTTP functions as the Functions host calls them in Azure: POST /{FunctionName} with the
/// invocation payload. A failure answers 500, so the host abandons the message; Service Bus redelivers it
/// and dead-letters it after the queue's max delivery count.
/// </summary>
internal static class TriggerEndpoints
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
            triggers.MapPost($"/{trigger.FunctionName}", (HttpRequest request, CancellationToken cancellationToken) => DeliverAsync(trigger, request, cancellationToken));
        foreach (var timer in endpoints.ServiceProvider.GetServices<ITimerTrigger>())
            triggers.MapPost($"/{timer.FunctionName}", (HttpRequest request, CancellationToken cancellationToken) => FireAsync(timer, request, cancellationToken));
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
        // Service Bus dead-letters a message whose last allowed delivery fails (every queue's max delivery count is MaxDeliveries).
        if (result.Verdict == DeliveryVerdict.DeadLetter && message.DeliveryCount >= QueueTrigger<object>.MaxDeliveries)
            PipelineTelemetry.DeadLettered(trigger.Queue);
        return result.Verdict is DeliveryVerdict.Done or DeliveryVerdict.Postponed
            ? HostInvocationResults.Succeeded()
            : HostInvocationResults.Failed(result.Reason ?? $"{trigger.FunctionName} failed");
    }

    private static async Task<IResult> FireAsync(ITimerTrigger timer, HttpRequest request, CancellationToken cancellationToken)
    {
        var (schedule, problem) = await ReadAsync(request, invocation => InvocationTranslator.ToTimerScheduleStatus(invocation, TimerBinding), cancellationToken);
        if (schedule is null)
            return problem!;
        var done = await timer.FireAsync(cancellationToken);
        return HostInvocationResults.Succeeded([$"{done}{(schedule.IsPastDue ? " (the timer was past due)" : "")}"]);
    }

    /// <summary>The host's invocation payload, translated; or the problem (400/413/415) when the host would never have sent it.</summary>
    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, Func<HostInvocationRequest, T> translate, CancellationToken cancellationToken)
        where T : class
    {
        var (invocation, problem) = await JsonBody.ReadAsync<HostInvocationRequest>(request, cancellationToken, MaxInvocationBytes);
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
