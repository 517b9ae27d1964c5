using Feedback.Core.Time;

namespace Feedback.Core.Trends;

/// <summary>Adds counters up into a <see cref="TrendReport"/>: pure, so every figure the dashboard shows is tested here.</summary>
public static class TrendReportBuilder
{
    /// <summary>
    /// A topic is compared with the previous period only when it had at least this many items in both: a share of
    /// two or three items swings by tens of points on one message and would crowd out the real rises.
    /// </summary>
    public const int RisingMinimumVolume = 5;

    /// <summary>How many rising topics the report names.</summary>
    public const int RisingTopics = 5;

    /// <summary>How many of the period's SLA breaches are listed one by one (all are counted).</summary>
    public const int LatestBreaches = 500;

    /// <param name="counts">The counters of the period and of the previous period (others are ignored), unfiltered.</param>
    /// <param name="breaches">The SLA breaches flagged in the period, unfiltered.</param>
    public static TrendReport Build(TrendPeriod period, TrendFilter filter, IReadOnlyList<TrendCount> counts, IReadOnlyList<SlaBreach> breaches, TrendLabels labels)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(breaches);
        ArgumentNullException.ThrowIfNull(labels);

        var previousPeriod = period.Previous;
        var matching = counts.Where(count => filter.Matches(count.Cell)).ToArray();
        var current = matching.Where(count => period.Contains(count.Day)).ToArray();
        var previous = matching.Where(count => previousPeriod.Contains(count.Day)).ToArray();

        return new TrendReport(
            labels.ProvinceKey,
            labels.ProvinceName,
            TrendPeriodView.Of(period),
            filter,
            Tally(current),
            Tally(previous),
            Series(period, current),
            Breakdown(current, cell => cell.Topic, TrendLabels.Topic),
            Breakdown(current, cell => cell.AgencyKey, key => labels.Agency(key!)),
            Breakdown(current, cell => cell.County, labels.County),
            RisingNegative(current, previous),
            Sla(breaches, filter, labels),
            labels.Choices());
    }

    private static TrendTally Tally(IEnumerable<TrendCount> counts) =>
        counts.Aggregate(TrendTally.Empty, (tally, count) => tally.Add(count.Cell, count.Count));

    private static TrendSeriesPoint[] Series(TrendPeriod period, TrendCount[] counts) =>
        period.Buckets()
            .Select(bucket => new TrendSeriesPoint(
                bucket.Start,
                bucket.End,
                JalaliDays.Format(bucket.Start),
                JalaliDays.Format(bucket.End),
                Tally(counts.Where(count => count.Day >= bucket.Start && count.Day <= bucket.End))))
            .ToArray();

    /// <summary>One row per key that has items, the busiest first.</summary>
    private static TrendBreakdownRow[] Breakdown(TrendCount[] counts, Func<TrendCell, string?> keyOf, Func<string?, string> label) =>
        counts.GroupBy(count => keyOf(count.Cell))
            .Select(group => new TrendBreakdownRow(group.Key, label(group.Key), Tally(group)))
            .OrderByDescending(row => row.Tally.Volume)
            .ThenBy(row => row.Key, StringComparer.Ordinal)
            .ToArray();

    private static TrendRise[] RisingNegative(TrendCount[] current, TrendCount[] previous)
    {
        var before = previous.GroupBy(count => count.Cell.Topic).ToDictionary(group => group.Key, Tally, StringComparer.Ordinal);
        return current.GroupBy(count => count.Cell.Topic)
            .Select(group => (Topic: group.Key, Now: Tally(group), Before: before.GetValueOrDefault(group.Key, TrendTally.Empty)))
            .Where(topic => topic.Now.Volume >= RisingMinimumVolume && topic.Before.Volume >= RisingMinimumVolume)
            .Select(topic => new TrendRise(topic.Topic, TrendLabels.Topic(topic.Topic), topic.Now.NegativeShare!.Value, topic.Before.NegativeShare!.Value, topic.Now.Volume, topic.Before.Volume))
            .Where(rise => rise.Rise > 0)
            .OrderByDescending(rise => rise.Rise)
            .ThenBy(rise => rise.Topic, StringComparer.Ordinal)
            .Take(RisingTopics)
            .ToArray();
    }

    /// <summary>Breaches carry an agency and a topic but no county or sentiment: those two filters do not narrow them.</summary>
    private static SlaSummary Sla(IReadOnlyList<SlaBreach> breaches, TrendFilter filter, TrendLabels labels)
    {
        var matching = breaches
            .Where(breach => (filter.AgencyKey is null || breach.AgencyKey == filter.AgencyKey) && (filter.Topic is null || breach.Topic == filter.Topic))
            .OrderByDescending(breach => breach.FlaggedAt)
            .ThenBy(breach => breach.TrackingCode.Value, StringComparer.Ordinal)
            .ToArray();
        var byAgency = matching.GroupBy(breach => breach.AgencyKey)
            .Select(group => new SlaAgencyRow(group.Key, labels.Agency(group.Key), group.Count(breach => breach.Kind == SlaBreach.Acknowledge), group.Count(breach => breach.Kind == SlaBreach.Resolve)))
            .OrderByDescending(row => row.Total)
            .ThenBy(row => row.AgencyKey, StringComparer.Ordinal)
            .ToArray();
        var latest = matching.Take(LatestBreaches)
            .Select(breach => new SlaBreachRow(
                breach.TrackingCode.Value,
                breach.AgencyKey,
                labels.Agency(breach.AgencyKey),
                breach.Kind,
                TrendLabels.SlaKind(breach.Kind),
                breach.Topic,
                breach.Topic is null ? null : TrendLabels.Topic(breach.Topic),
                breach.DueAt,
                TehranTime.JalaliText(breach.DueAt),
                breach.FlaggedAt,
                TehranTime.JalaliText(breach.FlaggedAt)))
            .ToArray();
        return new SlaSummary(
            matching.Count(breach => breach.Kind == SlaBreach.Acknowledge),
            matching.Count(breach => breach.Kind == SlaBreach.Resolve),
            byAgency,
            latest);
    }
}
