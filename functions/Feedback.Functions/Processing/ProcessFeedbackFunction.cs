using System.Runtime.ExceptionServices;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Processing;
using Feedback.Functions.Telemetry;
using Feedback.Functions.Triggers;

namespace Feedback.Functions.Processing;

/// <summary>
/// ProcessFeedback: each item a feedback-intake message names is classified and routed; given up, the item is marked
/// failed with the reason. The items of one message are processed side by side. When some of them fail and others
/// do not, the message is done and each failed item goes back on the queue as a message of its own, which is then
/// retried, postponed or dead-lettered alone (its deliveries counted from one again): one bad item never holds back or
/// takes down the others. When every item fails, the message as a whole is retried or postponed.
/// </summary>
public sealed class ProcessFeedbackFunction(ProcessFeedbackHandler handler, IMessageSender sender, TimeProvider clock, ILogger<ProcessFeedbackFunction> logger) : QueueTrigger<ReceivedItems>(sender, clock, logger)
{
    /// <summary>Items of one message processed at once.</summary>
    private const int ItemsAtOnce = 4;

    public override string FunctionName => "ProcessFeedback";

    protected override string Describe(ReceivedItems body) =>
        body.Codes.Count == 1 ? body.Codes[0].Value : $"{body.Codes[0].Value} and {body.Codes.Count - 1} more";

    protected override async Task<string> HandleAsync(ReceivedItems body, CancellationToken cancellationToken)
    {
        var outcomes = new ProcessingOutcome?[body.Codes.Count];
        var failures = new Exception?[body.Codes.Count];
        await Parallel.ForAsync(0, body.Codes.Count, new ParallelOptions { MaxDegreeOfParallelism = ItemsAtOnce, CancellationToken = cancellationToken }, async (index, token) =>
        {
            try
            {
                outcomes[index] = await HandleAsync(body.Codes[index], token);
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !token.IsCancellationRequested)
            {
                failures[index] = failure;
            }
        });
        var failed = body.Codes.Where((_, index) => failures[index] is not null).ToList();
        if (failed.Count == body.Codes.Count)
            ExceptionDispatchInfo.Throw(failures[0]!);
        foreach (var code in failed)
            await Sender.SendAsync(Queue, new ReceivedItems(code).ToMessage() with { MessageId = $"{code.Value}.alone" }, cancellationToken);
        var counts = outcomes.OfType<ProcessingOutcome>().CountBy(outcome => outcome).Select(count => body.Codes.Count == 1 ? count.Key.ToString() : $"{count.Key} {count.Value}");
        return string.Join(", ", failed.Count == 0 ? counts : counts.Append($"{failed.Count} failed, sent back alone"));
    }

    private async Task<ProcessingOutcome> HandleAsync(TrackingCode code, CancellationToken cancellationToken)
    {
        using var activity = PipelineTelemetry.StartHandling(FunctionName, Queue);
        var result = await handler.HandleAsync(code, cancellationToken);
        if (result.Outcome != ProcessingOutcome.AlreadyDone)
            PipelineTelemetry.Routed(result.Item);
        return result.Outcome;
    }

    protected override async Task<bool> IsDoneAsync(ReceivedItems body, CancellationToken cancellationToken)
    {
        foreach (var code in body.Codes)
        {
            if (!await handler.IsRoutedAsync(code, cancellationToken))
                return false;
        }
        return true;
    }

    protected override async Task GiveUpAsync(ReceivedItems body, string reason, CancellationToken cancellationToken)
    {
        foreach (var code in body.Codes)
            await handler.MarkFailedAsync(code, reason, cancellationToken);
    }
}
