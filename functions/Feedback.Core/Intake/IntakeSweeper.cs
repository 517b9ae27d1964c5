using Feedback.Core.Items;

namespace Feedback.Core.Intake;

/// <summary>
/// Finishes what a failed enqueue left: every item still marked pending after <see cref="Grace"/> is enqueued
/// again (processing is idempotent), and a marker whose item is gone or already processed is cleared.
/// </summary>
public sealed class IntakeSweeper(IFeedbackStore store, FeedbackIntake intake, TimeProvider clock)
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private const int BatchSize = 500;

    /// <returns>How many stored items were handed to processing again.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var enqueued = 0;
        foreach (var code in await store.ListPendingAsync(clock.GetUtcNow() - Grace, BatchSize, cancellationToken))
        {
            var item = await store.GetAsync(code, cancellationToken);
            if (item is { Status: FeedbackStatus.Received })
            {
                await intake.EnqueueAsync(code, cancellationToken);
                enqueued++;
            }
            else
            {
                await store.ClearPendingAsync(code, cancellationToken);
            }
        }
        return enqueued;
    }
}
