using System.Collections.Concurrent;
using System.Diagnostics;

namespace Feedback.Cli.Load;

/// <summary>
/// Polls storage for many keys until each is done, staying light beside the app it measures: keys in about the order
/// the app works through them, each pass stopping at the first batch with one still waiting, so each key is read
/// about once. The pass once the time is up reads them all, so what is reported is whole.
/// </summary>
public static class ReadPasses
{
    private const int Parallelism = 16;
    private const int PassBatch = 64;

    /// <param name="readIsDone">Reads one key (keeping what it found) and says whether it is done.</param>
    /// <param name="clock">Started when the wait began; the time is up at <paramref name="timeout"/> on it.</param>
    /// <param name="readAllWaiting">When given, the pass once the time is up: reads every key still waiting at once, instead of a read a key.</param>
    public static async Task UntilDoneAsync<TKey>(IReadOnlyList<TKey> keysInOrder, Func<TKey, CancellationToken, Task<bool>> readIsDone, TimeSpan timeout, Stopwatch clock, CancellationToken cancellationToken, Func<IReadOnlyList<TKey>, CancellationToken, Task>? readAllWaiting = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(keysInOrder);
        ArgumentNullException.ThrowIfNull(readIsDone);
        ArgumentNullException.ThrowIfNull(clock);
        var waiting = keysInOrder.ToList();
        while (waiting.Count > 0)
        {
            var lastPass = clock.Elapsed >= timeout;
            if (lastPass && readAllWaiting is not null)
            {
                await readAllWaiting(waiting, cancellationToken);
                break;
            }
            var done = new ConcurrentBag<TKey>();
            foreach (var batch in waiting.Chunk(PassBatch))
            {
                var before = done.Count;
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (key, token) =>
                {
                    if (await readIsDone(key, token))
                        done.Add(key);
                });
                if (done.Count - before < batch.Length && !lastPass)
                    break;
            }
            waiting.RemoveAll(new HashSet<TKey>(done).Contains);
            if (lastPass)
                break;
            if (waiting.Count > 0)
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
