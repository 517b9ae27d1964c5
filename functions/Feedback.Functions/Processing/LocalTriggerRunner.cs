using Feedback.Core.Intake;
using Feedback.Core.Messaging;
using Feedback.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Processing;

/// <summary>
/// In Local mode, does what the Functions host does in Azure: pulls the feedback-intake queue and hands
/// each message to <see cref="FeedbackMessages"/> (complete, retry with backoff, or dead-letter to
/// feedback-intake-poison), and fires the intake sweeper's timer.
/// </summary>
internal sealed partial class LocalTriggerRunner(
    IOptions<PipelineSettings> settings,
    IMessageReceiver receiver,
    FeedbackMessages messages,
    IntakeSweeper sweeper,
    TimeProvider clock,
    ILogger<LocalTriggerRunner> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Value.Mode != HostingMode.Local)
            return;
        var nextSweep = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() >= nextSweep)
                {
                    await sweeper.SweepAsync(stoppingToken);
                    nextSweep = clock.GetUtcNow() + SweepEvery;
                }
                var batch = await receiver.ReceiveAsync(Queues.FeedbackIntake, 32, Lease, stoppingToken);
                if (batch.Count == 0)
                {
                    await Task.Delay(IdlePoll, clock, stoppingToken);
                    continue;
                }
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = stoppingToken }, (message, token) => SettleAsync(message, token));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception unavailable)
            {
                LogUnavailable(logger, unavailable.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Settles one message; a failure to settle leaves it to come back after its lease, without touching the rest of the batch.</summary>
    private async ValueTask SettleAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await DeliverAndSettleAsync(message, cancellationToken);
        }
        catch (Exception unavailable) when (unavailable is not OperationCanceledException)
        {
            LogUnavailable(logger, unavailable.Message);
        }
    }

    private async Task DeliverAndSettleAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var result = await messages.DeliverAsync(message, cancellationToken);
        switch (result.Verdict)
        {
            case DeliveryVerdict.Done:
                await receiver.CompleteAsync(Queues.FeedbackIntake, message, cancellationToken);
                break;
            case DeliveryVerdict.Retry:
                var backoff = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, message.DeliveryCount)));
                await receiver.AbandonAsync(Queues.FeedbackIntake, message, backoff, cancellationToken);
                break;
            default:
                await receiver.DeadLetterAsync(Queues.FeedbackIntake, message, result.Reason ?? "unknown", cancellationToken);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local trigger runner: {Reason}; trying again")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
