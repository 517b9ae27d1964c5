using Feedback.Core.Intake;
using Feedback.Functions.CustomHandler;

namespace Feedback.Functions.Processing;

/// <summary>
/// The non-HTTP functions as the Functions host calls them in Azure: POST /{FunctionName} with the
/// invocation payload. A failure answers 500, so the host abandons the message; Service Bus redelivers it
/// and dead-letters it after the queue's max delivery count.
/// </summary>
internal static class TriggerEndpoints
{
    public const string ProcessFeedback = nameof(ProcessFeedback);
    public const string IntakeSweeper = nameof(IntakeSweeper);

    /// <summary>The binding names in the functions' function.json.</summary>
    public const string MessageBinding = "message";
    public const string TimerBinding = "timer";

    public static void MapTriggers(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost($"/{ProcessFeedback}", ProcessAsync);
        endpoints.MapPost($"/{IntakeSweeper}", SweepAsync);
    }

    private static async Task<IResult> ProcessAsync(HostInvocationRequest invocation, FeedbackMessages messages, CancellationToken cancellationToken)
    {
        var message = InvocationTranslator.ToReceivedMessage(invocation, MessageBinding);
        var result = await messages.DeliverAsync(message, cancellationToken);
        return result.Verdict == DeliveryVerdict.Done
            ? HostInvocationResults.Succeeded()
            : HostInvocationResults.Failed(result.Reason ?? "processing failed");
    }

    private static async Task<IResult> SweepAsync(HostInvocationRequest invocation, IntakeSweeper sweeper, CancellationToken cancellationToken)
    {
        var schedule = InvocationTranslator.ToTimerScheduleStatus(invocation, TimerBinding);
        var enqueued = await sweeper.SweepAsync(cancellationToken);
        return HostInvocationResults.Succeeded([$"re-enqueued {enqueued} stored item(s){(schedule.IsPastDue ? " (the timer was past due)" : "")}"]);
    }
}
