using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Storage.Items;

namespace Feedback.Cli.Load;

/// <summary>What storage holds for the tracking codes a load got: the items found, and which of them are routed.</summary>
public sealed record ProcessingSnapshot(IReadOnlyDictionary<string, FeedbackItem> Stored, int Routed)
{
    /// <summary>When each routed item was routed, minus when it was received (stored, then enqueued): the queue lag, in ms.</summary>
    public IEnumerable<double> QueueLagsMs => Stored.Keys.Select(QueueLagMs).OfType<double>();

    /// <summary>The queue lag of the item with this code, in ms; null when it was not found routed.</summary>
    public double? QueueLagMs(string trackingCode) =>
        Stored.TryGetValue(trackingCode, out var item) && RoutedAt(item) is { } pair ? (pair.Routed - pair.Received).TotalMilliseconds : null;

    /// <summary>The last routing of these items, if any was routed.</summary>
    public DateTimeOffset? LastRoutedAt => Stored.Values.Select(RoutedAt).OfType<(DateTimeOffset Received, DateTimeOffset Routed)>().Select(pair => pair.Routed).DefaultIfEmpty().Max() is var last && last != default ? last : null;

    public static bool IsRouted(FeedbackItem item) => RoutedAt(item) is not null;

    /// <summary>Processing is over for this item: it was routed, or it failed.</summary>
    public static bool IsFinished(FeedbackItem item) => IsRouted(item) || item.Status == FeedbackStatus.Failed;

    private static (DateTimeOffset Received, DateTimeOffset Routed)? RoutedAt(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.History.FirstOrDefault(change => change.Status is FeedbackStatus.Routed or FeedbackStatus.Recorded or FeedbackStatus.Attached) is { } routed ? (item.ReceivedAt, routed.At) : null;
    }
}

/// <summary>Reads the app's storage for what a load sent, and measures the storage's own insert rate.</summary>
public static class ProcessingProbe
{
    /// <summary>
    /// Polls until every code's item is routed (or failed), or the time is up. Items are processed in about the order
    /// they were sent, so the probe first watches only the last one sent (a read a second while a backlog drains),
    /// then reads them all in passes (<see cref="ReadPasses"/>), the last one a shard at a time.
    /// </summary>
    public static async Task<ProcessingSnapshot> WaitForRoutedAsync(TableFeedbackStore store, IReadOnlyList<string> codesInSendOrder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(codesInSendOrder);
        var stored = new ConcurrentDictionary<string, FeedbackItem>(StringComparer.Ordinal);
        var codes = codesInSendOrder.Distinct(StringComparer.Ordinal).ToArray();
        var clock = Stopwatch.StartNew();
        if (codes.Length > 0)
            await WaitForLastAsync(store, codes[^1], timeout, clock, cancellationToken);
        await ReadPasses.UntilDoneAsync(codes, async (code, token) =>
        {
            if (TrackingCode.FromCanonical(code) is not { } typed || await store.GetAsync(typed, token) is not { } item)
                return false;
            stored[code] = item;
            return ProcessingSnapshot.IsFinished(item);
        }, timeout, clock, cancellationToken, (waiting, token) => ReadShardsAsync(store, waiting, stored, token));
        return new ProcessingSnapshot(stored, stored.Values.Count(ProcessingSnapshot.IsRouted));
    }

    /// <summary>
    /// The last pass over the codes still waiting: each shard that holds one read whole (a range read per 1,000 items;
    /// a point read a code cost a soak's 60,000 requests against a store already behind), then a point read for a code
    /// its shard did not hold (an item of the layout before, or none: lost).
    /// </summary>
    private static async Task ReadShardsAsync(TableFeedbackStore store, IReadOnlyList<string> waiting, ConcurrentDictionary<string, FeedbackItem> stored, CancellationToken cancellationToken)
    {
        var codes = new Dictionary<TrackingCode, string>();
        foreach (var code in waiting)
        {
            if (TrackingCode.FromCanonical(code) is { } typed)
                codes[typed] = code;
        }
        var found = new ConcurrentDictionary<TrackingCode, bool>();
        await Parallel.ForEachAsync(codes.Keys.Select(code => code.Shard).Distinct(), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (shard, token) =>
        {
            await foreach (var item in store.ReadShardAsync(shard, token))
            {
                if (codes.TryGetValue(item.TrackingCode, out var code))
                {
                    stored[code] = item;
                    found[item.TrackingCode] = true;
                }
            }
        });
        await Parallel.ForEachAsync(codes.Where(pair => !found.ContainsKey(pair.Key)), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (pair, token) =>
        {
            if (await store.GetAsync(pair.Key, token) is { } item)
                stored[pair.Value] = item;
        });
    }

    private static async Task WaitForLastAsync(TableFeedbackStore store, string lastCode, TimeSpan timeout, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (clock.Elapsed < timeout)
        {
            if (TrackingCode.FromCanonical(lastCode) is { } typed && await store.GetAsync(typed, cancellationToken) is { } item && ProcessingSnapshot.IsFinished(item))
                return;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>Inserts of one small row per request straight into a table of the same storage: the ceiling the pipeline's writes sit under.</summary>
    public static async Task<double> RawInsertRateAsync(TableServiceClient tables, int count, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var table = tables.GetTableClient("LoadtestRawInserts");
        await table.CreateIfNotExistsAsync(cancellationToken);
        var run = Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (index, token) =>
            await table.AddEntityAsync(new TableEntity(run, index.ToString("D7", CultureInfo.InvariantCulture)) { ["Text"] = "سه روزه آب محله قطعه و هیچکس جواب نمیده" }, token));
        return count / clock.Elapsed.TotalSeconds;
    }
}
