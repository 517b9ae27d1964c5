using System.Collections.Concurrent;
using System.Diagnostics;

namespace Feedback.Cli.Load;

/// <summary>One request of a load run: what it was answered, when it started and ended, and its latency (from its due time in open-loop mode).</summary>
public sealed record IntakeResult(int Index, IntakeAnswer Answer, DateTimeOffset StartedAt, DateTimeOffset AnsweredAt, double LatencyMs)
{
    public bool Accepted => Answer.TrackingCode is not null;
}

/// <summary>Sends a load: closed loop (as fast as a number of requests in flight allows) or open loop at a rate.</summary>
public static class LoadGenerator
{
    /// <summary>
    /// With <paramref name="perSecond"/>, request i is due at start + i/rate; it waits for a free slot (at most
    /// <paramref name="concurrency"/> in flight), so a slow app shows as latency rather than as a lower sending rate.
    /// Without it, <paramref name="concurrency"/> requests are kept in flight.
    /// </summary>
    public static async Task<IReadOnlyList<IntakeResult>> RunAsync(int count, double? perSecond, int concurrency, Func<int, CancellationToken, Task<IntakeAnswer>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        var results = new ConcurrentBag<IntakeResult>();
        async Task SendOneAsync(int index, long dueTimestamp, CancellationToken token)
        {
            var started = DateTimeOffset.UtcNow;
            var answer = await send(index, token);
            results.Add(new IntakeResult(index, answer, started, DateTimeOffset.UtcNow, Stopwatch.GetElapsedTime(dueTimestamp).TotalMilliseconds));
        }

        if (perSecond is not { } rate)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, (index, token) => new ValueTask(SendOneAsync(index, Stopwatch.GetTimestamp(), token)));
            return [.. results.OrderBy(result => result.Index)];
        }

        using var slots = new SemaphoreSlim(concurrency);
        var running = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        for (var index = 0; index < count; index++)
        {
            var due = TimeSpan.FromSeconds(index / rate);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken);
            await slots.WaitAsync(cancellationToken);
            var dueTimestamp = start + (long)(due.TotalSeconds * Stopwatch.Frequency);
            var message = index;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await SendOneAsync(message, dueTimestamp, cancellationToken);
                }
                finally
                {
                    slots.Release();
                }
            }, cancellationToken));
        }
        await Task.WhenAll(running);
        return [.. results.OrderBy(result => result.Index)];
    }
}
