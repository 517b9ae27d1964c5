using Feedback.Core.Messaging;
using Feedback.Functions.Intake;
using Feedback.Functions.Operations;
using Feedback.Functions.Telemetry;
using Feedback.Functions.Triggers;
using Feedback.Storage.Connection;

namespace Feedback.Functions.Composition;

/// <summary>
/// In Local mode, does what the Functions host does in Azure: pulls every trigger's queue and hands each
/// message to it (complete, retry with backoff, or dead-letter to &lt;queue&gt;-poison), and fires the timers.
/// </summary>
internal sealed partial class LocalTriggerRunner(
    IMessageReceiver receiver,
    IEnumerable<IQueueTrigger> queueTriggers,
    IEnumerable<ITimerTrigger> timerTriggers,
    StorageSetup storage,
    IntakeFirst intakeFirst,
    TimeProvider clock,
    ILogger<LocalTriggerRunner> logger) : BackgroundService
{
    private const int Concurrency = 32;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryAfterOutage = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A first start on a fresh Azurite has no tables until storage setup makes them.
        await storage.Ready.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(queueTriggers.Select(trigger => PumpAsync(trigger, stoppingToken)).Concat(timerTriggers.Select(timer => TickAsync(timer, stoppingToken))));
    }

    private async Task TickAsync(ITimerTrigger timer, CancellationToken stoppingToken)
    {
        using var step = StorageCaller.ForStep(timer.FunctionName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timer.FireAsync(stoppingToken);
                await Task.Delay(timer.LocalInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception unavailable)
            {
                LogUnavailable(logger, timer.FunctionName, unavailable.Message);
                await Task.Delay(RetryAfterOutage, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Messages are handled as they arrive, up to <see cref="Concurrency"/> at once (as the host's
    /// maxConcurrentCalls does): a slow one never holds back the next receive.
    /// </summary>
    private async Task PumpAsync(IQueueTrigger trigger, CancellationToken stoppingToken)
    {
        using var step = StorageCaller.ForStep(trigger.FunctionName);
        using var slots = new SemaphoreSlim(Concurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
                await intakeFirst.WaitUntilQuietAsync(clock, stoppingToken);
                var batch = await ReceiveAsync(trigger.Queue, slots, stoppingToken);
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
                    _ = SettleAsync(trigger, batch[index], slots, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception unavailable)
            {
                LogUnavailable(logger, trigger.FunctionName, unavailable.Message);
                await Task.Delay(RetryAfterOutage, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        for (var slot = 0; slot < Concurrency; slot++)
            await slots.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    /// <summary>Receives up to one message per free slot; the slot the caller holds is given back if receiving fails.</summary>
    private async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queue, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            return await receiver.ReceiveAsync(queue, Math.Min(slots.CurrentCount + 1, Concurrency), Lease, cancellationToken);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <summary>Settles one message and frees its slot; a failure to settle leaves it to come back after its lease, without touching the others.</summary>
    private async Task SettleAsync(IQueueTrigger trigger, ReceivedMessage message, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            var result = await trigger.DeliverAsync(message, cancellationToken);
            switch (result.Verdict)
            {
                case DeliveryVerdict.Done or DeliveryVerdict.Postponed:
                    await receiver.CompleteAsync(trigger.Queue, message, cancellationToken);
                    break;
                case DeliveryVerdict.Retry:
                    await receiver.AbandonAsync(trigger.Queue, message, Redelivery.Backoff(message.DeliveryCount), cancellationToken);
                    break;
                default:
                    await receiver.DeadLetterAsync(trigger.Queue, message, result.Reason ?? "unknown", cancellationToken);
                    PipelineTelemetry.DeadLettered(trigger.Queue);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the message comes back after its lease.
        }
        catch (Exception unavailable)
        {
            LogUnavailable(logger, trigger.FunctionName, unavailable.Message);
        }
        finally
        {
            slots.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local trigger runner, {Function}: {Reason}; trying again")]
    private static partial void LogUnavailable(ILogger logger, string function, string reason);
}
