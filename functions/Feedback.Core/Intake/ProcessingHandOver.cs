using Feedback.Core.Items;
using Feedback.Core.Messaging;

namespace Feedback.Core.Intake;

/// <summary>
/// Group commit for intake's hand-over to processing: codes that arrive while a feedback-intake message is being sent
/// go together in the next one, up to <see cref="MaxCodesPerMessage"/>. An idle queue's code is sent at once, so
/// batching adds no delay; under load many intakes share one message, which costs one send, and processing one receive
/// and one delete, instead of one each per item. When a full message's worth is waiting, another send starts beside the
/// one in flight (up to <see cref="MaxSendsInFlight"/>), so one slow send does not hold back the rest.
/// A caller's task ends when the message carrying its code is on the queue, or fails with that message's failure: it
/// is not cancelled with the caller, so intake always learns whether its item was handed over (or marks it pending).
/// </summary>
public sealed class ProcessingHandOver(IMessageSender sender)
{
    /// <summary>The most codes one message carries: a processing delivery handles them together.</summary>
    public const int MaxCodesPerMessage = 16;

    public const int MaxSendsInFlight = 4;

    private readonly Lock gate = new();
    private readonly List<Waiting> waiting = [];
    private int sendsInFlight;

    /// <summary>Hands the item over, carried in the message when it comes with its stored copy and fits (<see cref="ReceivedItems.Fitting"/>).</summary>
    public Task SendAsync(ReceivedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var entry = new Waiting(item);
        bool startSending;
        lock (gate)
        {
            waiting.Add(entry);
            startSending = sendsInFlight == 0 || (waiting.Count >= MaxCodesPerMessage && sendsInFlight < MaxSendsInFlight);
            if (startSending)
                sendsInFlight++;
        }
        if (startSending)
            _ = Task.Run(SendWaitingAsync);
        return entry.Done.Task;
    }

    /// <summary>Sends what is waiting, message after message, until nothing is.</summary>
    private async Task SendWaitingAsync()
    {
        while (true)
        {
            List<Waiting> batch;
            lock (gate)
            {
                batch = waiting.Take(MaxCodesPerMessage).ToList();
                waiting.RemoveRange(0, batch.Count);
                if (batch.Count == 0)
                {
                    sendsInFlight--;
                    return;
                }
            }
            try
            {
                // A code handed over twice at once (a provider's redelivery) goes once.
                var items = batch.Select(entry => entry.Item).DistinctBy(item => item.Code.Value).ToList();
                await sender.SendAsync(ReceivedItems.Queue, ReceivedItems.Fitting(items).ToMessage(), CancellationToken.None);
                foreach (var entry in batch)
                    entry.Done.TrySetResult();
            }
            catch (Exception failure)
            {
                foreach (var entry in batch)
                    entry.Done.TrySetException(failure);
            }
        }
    }

    private sealed record Waiting(ReceivedItem Item)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
