using Feedback.Core.Messaging;
using Feedback.Core.Processing;
using Feedback.Functions.Telemetry;
using Feedback.Functions.Triggers;

namespace Feedback.Functions.Processing;

/// <summary>ProcessFeedback: each item a feedback-intake message names is classified and routed; given up, the item is marked failed with the reason.</summary>
public sealed class ProcessFeedbackFunction(ProcessFeedbackHandler handler, IMessageSender sender, TimeProvider clock, ILogger<ProcessFeedbackFunction> logger) : QueueTrigger<ReceivedItems>(sender, clock, logger)
{
    public override string FunctionName => "ProcessFeedback";

    protected override string Describe(ReceivedItems body) =>
        body.Codes.Count == 1 ? body.Codes[0].Value : $"{body.Codes[0].Value} and {body.Codes.Count - 1} more";

    protected override async Task<string> HandleAsync(ReceivedItems body, CancellationToken cancellationToken)
    {
        var outcomes = new List<ProcessingOutcome>(body.Codes.Count);
        foreach (var code in body.Codes)
        {
            using var activity = PipelineTelemetry.StartHandling(FunctionName, Queue);
            var result = await handler.HandleAsync(code.Value, cancellationToken);
            if (result.Outcome != ProcessingOutcome.AlreadyDone)
                PipelineTelemetry.Routed(result.Item);
            outcomes.Add(result.Outcome);
        }
        return string.Join(", ", outcomes.CountBy(outcome => outcome).Select(count => body.Codes.Count == 1 ? count.Key.ToString() : $"{count.Key} {count.Value}"));
    }

    protected override async Task<bool> IsDoneAsync(ReceivedItems body, CancellationToken cancellationToken)
    {
        foreach (var code in body.Codes)
        {
            if (!await handler.IsRoutedAsync(code.Value, cancellationToken))
                return false;
        }
        return true;
    }

    protected override async Task GiveUpAsync(ReceivedItems body, string reason, CancellationToken cancellationToken)
    {
        foreach (var code in body.Codes)
            await handler.MarkFailedAsync(code.Value, reason, cancellationToken);
    }
}
