namespace Feedback.Cli.Load;

/// <summary>
/// One minute of a load run's sending: its requests (by due time), how fast intake answered them, and how long the
/// accepted ones waited on the queue until routed. A soak reads these side by side to see whether it degrades.
/// </summary>
public sealed record LoadMinute(int Minute, int Sent, int Accepted, int Routed, Percentiles IntakeLatencyMs, Percentiles QueueLagMs);

public static class LoadMinutes
{
    /// <param name="queueLagMs">The queue lag of the item with this tracking code, null when it was not routed.</param>
    public static IReadOnlyList<LoadMinute> Of(IReadOnlyList<IntakeResult> results, Func<string, double?> queueLagMs)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(queueLagMs);
        if (results.Count == 0)
            return [];
        // Latency is counted from the due time, so answered minus latency is when the request was due.
        var first = results.Min(Due);
        return [.. results
            .GroupBy(result => (int)((Due(result) - first).TotalSeconds / 60))
            .OrderBy(minute => minute.Key)
            .Select(minute =>
            {
                var accepted = minute.Where(result => result.Accepted).ToArray();
                var lags = accepted.Select(result => queueLagMs(result.Answer.TrackingCode!)).OfType<double>().ToArray();
                return new LoadMinute(minute.Key, minute.Count(), accepted.Length, lags.Length, Percentiles.Of(accepted.Select(result => result.LatencyMs)), Percentiles.Of(lags));
            })];
    }

    private static DateTimeOffset Due(IntakeResult result) => result.AnsweredAt.AddMilliseconds(-result.LatencyMs);
}
