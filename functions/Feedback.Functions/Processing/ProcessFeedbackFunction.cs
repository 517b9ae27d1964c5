using System.Runtime.ExceptionServices;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Processing;
using Feedback.Functions.Telemetry;
using Feedback.Functions.Triggers;
using Feedback.Storage.Connection;

namespace Feedback.Functions.Processing;

/// <summary>
/// ProcessFeedback: each item a feedback-intake message names (or carries) is classified and routed, the acknowledgements
/// of the routed items go out in one notifications message, and the routed items
/// of one shard (one intake batch's) are saved in one transaction; given up, the
/// item is marked failed with the reason. The items of one message are processed side by side. When some of them fail and others
/// do not, the message is done and each failed item goes back on the queue as a message of its own, which is then
/// retried, postponed or dead-lettered alone (its deliveries counted from one again, the item read from the store): one bad item never holds back or
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
        var outcomes = new ProcessingOutcome?[body.Items.Count];
        var failures = new Exception?[body.Items.Count];
        var routed = new RoutedItem?[body.Items.Count];
        // Every item routed (or found done), then the acknowledgements of the routed ones asked for in one message, then
        // the routed ones saved together, then any not saved so, one by one.
        await ForEachItemAsync([.. Enumerable.Range(0, body.Items.Count)], failures, async (index, token) =>
        {
            using var byCode = body.Items[index].Stored is null ? StorageCaller.Within("by code") : (StorageCaller.Scope?)null;
            var step = await Traced(() => handler.PrepareAsync(body.Items[index], token));
            outcomes[index] = step.Done?.Outcome;
            routed[index] = step.Routed;
        }, cancellationToken);
        var toSave = Enumerable.Range(0, routed.Length).Where(index => routed[index] is not null).ToList();
        try
        {
            await Traced(async () =>
            {
                await handler.RequestAcknowledgementsAsync([.. toSave.Select(index => routed[index]!)], cancellationToken);
                return true;
            });
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not acknowledged, so not saved: each of these items is retried (alone, or with the message when all failed).
            foreach (var index in toSave)
                failures[index] = failure;
            toSave.Clear();
        }
        var saved = await SaveTogetherAsync([.. toSave.Select(index => routed[index]!)], cancellationToken);
        await ForEachItemAsync(toSave, failures, async (index, token) =>
        {
            var result = saved[toSave.IndexOf(index)] ?? await FinishAloneAsync(routed[index]!, token);
            if (result.Outcome != ProcessingOutcome.AlreadyDone)
                PipelineTelemetry.Routed(result.Item);
            outcomes[index] = result.Outcome;
        }, cancellationToken);
        var failed = body.Codes.Where((_, index) => failures[index] is not null).ToList();
        if (failed.Count == body.Codes.Count)
            ExceptionDispatchInfo.Throw(failures[0]!);
        foreach (var code in failed)
            await Sender.SendAsync(Queue, new ReceivedItems(code).ToMessage() with { MessageId = $"{code.Value}.alone" }, cancellationToken);
        var counts = outcomes.OfType<ProcessingOutcome>().CountBy(outcome => outcome).Select(count => body.Codes.Count == 1 ? count.Key.ToString() : $"{count.Key} {count.Value}");
        return string.Join(", ", failed.Count == 0 ? counts : counts.Append($"{failed.Count} failed, sent back alone"));
    }

    /// <summary>The routed items saved in one transaction a shard; when that fails, each is saved alone (<see cref="ProcessFeedbackHandler.FinishAsync"/>).</summary>
    private async Task<IReadOnlyList<ProcessingResult?>> SaveTogetherAsync(IReadOnlyList<RoutedItem> routed, CancellationToken cancellationToken)
    {
        try
        {
            return await handler.SaveTogetherAsync(routed, cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(failure, "Saving {Count} routed items together failed; saving each alone", routed.Count);
            return new ProcessingResult?[routed.Count];
        }
    }

    /// <summary>
    /// An item not saved with the others, saved alone: its requests are counted as "alone", the read and routing again
    /// after a refused save among them (the only requests of this part besides its saves).
    /// </summary>
    private async Task<ProcessingResult> FinishAloneAsync(RoutedItem routed, CancellationToken cancellationToken)
    {
        using var alone = StorageCaller.Within("alone");
        return await Traced(() => handler.FinishAsync(routed, cancellationToken));
    }

    /// <summary>These items of one message side by side, <see cref="ItemsAtOnce"/> at a time; an item's failure is kept in <paramref name="failures"/>, never thrown.</summary>
    private static Task ForEachItemAsync(IReadOnlyList<int> indexes, Exception?[] failures, Func<int, CancellationToken, Task> handle, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(indexes, new ParallelOptions { MaxDegreeOfParallelism = ItemsAtOnce, CancellationToken = cancellationToken }, async (index, token) =>
        {
            try
            {
                await handle(index, token);
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !token.IsCancellationRequested)
            {
                failures[index] = failure;
            }
        });

    private async Task<T> Traced<T>(Func<Task<T>> handle)
    {
        using var activity = PipelineTelemetry.StartHandling(FunctionName, Queue);
        return await handle();
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
