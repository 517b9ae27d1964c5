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
    private const int Concurrency = 32;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Value.Mode != HostingMode.Local)
            return;
        // Messages are handled as they arrive, up to Concurrency at once (as the host's maxConcurrentCalls does):
        // a slow one never holds back the next receive.
        using var slots = new SemaphoreSlim(Concurrency);
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
                await slots.WaitAsync(stoppingToken);
                var batch = await ReceiveAsync(slots, stoppingToken);
                if (batch.Count == 0)
                {
                    slots.Release();
                    await Task.Delay(IdlePoll, clock, stoppingToken);
                    continue;
                }
                for (var index = 0; index < batch.Count; index++)
                {
                    if (index > 0)
                        await slots.WaitAsync(stoppingToken);
                    _ = SettleAsync(batch[index], slots, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception unavailable)
            {
                LogUnavailable(logger, unavailable.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        for (var slot = 0; slot < Concurrency; slot++)
            await slots.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    /// <summary>Receives up to one message per free slot; the slot the caller holds is given back if receiving fails.</summary>
    private async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            return await receiver.ReceiveAsync(Queues.FeedbackIntake, Math.Min(slots.CurrentCount + 1, Concurrency), Lease, cancellationToken);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <summary>Settles one message and frees its slot; a failure to settle leaves it to come back after its lease, without touching the others.</summary>
    private async Task SettleAsync(ReceivedMessage message, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await DeliverAndSettleAsync(message, cancellationToken);
        }
        catch (Exception unavailable) when (unavailable is not OperationCanceledException)
        {
            LogUnavailable(logger, unavailable.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the message comes back after its lease.
        }
        finally
        {
            slots.Release();
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
