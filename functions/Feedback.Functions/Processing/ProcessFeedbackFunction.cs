using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Processing;
using Feedback.Functions.Telemetry;
using Feedback.Functions.Triggers;

namespace Feedback.Functions.Processing;

/// <summary>ProcessFeedback: each feedback-intake message is classified and routed; given up, the item is marked failed with the reason.</summary>
public sealed class ProcessFeedbackFunction(ProcessFeedbackHandler handler, IMessageSender sender, TimeProvider clock, ILogger<ProcessFeedbackFunction> logger) : QueueTrigger<FeedbackReceived>(sender, clock, logger)
{
    public override string FunctionName => "ProcessFeedback";

    public override string Queue => Queues.FeedbackIntake;

    protected override string Describe(FeedbackReceived body) => body.TrackingCode;

    protected override bool IsWellFormed(FeedbackReceived body) => TrackingCode.Parse(body.TrackingCode).IsValid;

    protected override async Task<string> HandleAsync(FeedbackReceived body, CancellationToken cancellationToken)
    {
        using var activity = PipelineTelemetry.StartHandling(FunctionName, Queue);
        var result = await handler.HandleAsync(body.TrackingCode, cancellationToken);
        if (result.Outcome != ProcessingOutcome.AlreadyDone)
            PipelineTelemetry.Routed(result.Item);
        return result.Outcome.ToString();
    }

    protected override Task<bool> IsDoneAsync(FeedbackReceived body, CancellationToken cancellationToken) =>
        handler.IsRoutedAsync(body.TrackingCode, cancellationToken);

    protected override Task GiveUpAsync(FeedbackReceived body, string reason, CancellationToken cancellationToken) =>
        handler.MarkFailedAsync(body.TrackingCode, reason, cancellationToken);
}
