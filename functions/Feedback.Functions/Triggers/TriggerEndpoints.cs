using Feedback.Functions.CustomHandler;

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

    public static void MapTriggers(this IEndpointRouteBuilder endpoints)
    {
        foreach (var trigger in endpoints.ServiceProvider.GetServices<IQueueTrigger>())
            endpoints.MapPost($"/{trigger.FunctionName}", (HostInvocationRequest invocation, CancellationToken cancellationToken) => DeliverAsync(trigger, invocation, cancellationToken));
        foreach (var timer in endpoints.ServiceProvider.GetServices<ITimerTrigger>())
            endpoints.MapPost($"/{timer.FunctionName}", (HostInvocationRequest invocation, CancellationToken cancellationToken) => FireAsync(timer, invocation, cancellationToken));
    }

    private static async Task<IResult> DeliverAsync(IQueueTrigger trigger, HostInvocationRequest invocation, CancellationToken cancellationToken)
    {
        var message = InvocationTranslator.ToReceivedMessage(invocation, MessageBinding);
        var result = await trigger.DeliverAsync(message, cancellationToken);
        return result.Verdict == DeliveryVerdict.Done
            ? HostInvocationResults.Succeeded()
            : HostInvocationResults.Failed(result.Reason ?? $"{trigger.FunctionName} failed");
    }

    private static async Task<IResult> FireAsync(ITimerTrigger timer, HostInvocationRequest invocation, CancellationToken cancellationToken)
    {
        var schedule = InvocationTranslator.ToTimerScheduleStatus(invocation, TimerBinding);
        var done = await timer.FireAsync(cancellationToken);
        return HostInvocationResults.Succeeded([$"{done}{(schedule.IsPastDue ? " (the timer was past due)" : "")}"]);
    }
}
