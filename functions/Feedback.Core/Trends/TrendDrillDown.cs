using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Core.Time;

namespace Feedback.Core.Trends;

/// <summary>
/// One item behind a dashboard figure, as an analyst may see it: what it is about and where it went, its status,
/// and a masked excerpt (<see cref="AnalystExcerpt"/>). No phone number, no counter office or survey ids, never the
/// full text: the agency that handles the item sees that in its inbox.
/// </summary>
public sealed record DrillDownItem(
    string TrackingCode,
    DateTimeOffset ReceivedAt,
    string ReceivedAtJalali,
    string Topic,
    string TopicLabel,
    string Sentiment,
    string SentimentLabel,
    string AgencyKey,
    string AgencyLabel,
    string? County,
    string CountyLabel,
    int? Rating,
    string Status,
    string StatusLabel,
    bool NeedsReview,
    string Excerpt);

/// <summary>The newest items of a view; <see cref="Truncated"/> when the view holds more than were listed.</summary>
public sealed record DrillDownResult(IReadOnlyList<DrillDownItem> Items, bool Truncated);

/// <summary>
/// Lists the items behind a dashboard view, newest first: the province's day index is read from the period's last
/// day backwards until enough items match, then each listed item is read for its current status and excerpt.
/// </summary>
public sealed class TrendDrillDown(ITrendItemIndex index, IFeedbackStore store, RoutingSource routing)
{
    public const int MaxItems = 500;

    /// <summary>How many days' index partitions, or items, are read at once.</summary>
    private const int Parallelism = 8;

    public async Task<DrillDownResult> ListAsync(string province, TrendPeriod period, TrendFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxItems);

        var entries = new List<TrendIndexEntry>();
        var newestDay = period.To;
        while (newestDay >= period.From && entries.Count <= limit)
        {
            var days = Enumerable.Range(0, Parallelism).Select(offset => newestDay.AddDays(-offset)).Where(period.Contains).ToArray();
            foreach (var day in await Task.WhenAll(days.Select(day => index.ReadDayAsync(province, day, filter, cancellationToken))))
                entries.AddRange(day);
            newestDay = newestDay.AddDays(-Parallelism);
        }

        var listed = entries.OrderByDescending(entry => entry.ReceivedAt).ThenBy(entry => entry.TrackingCode.Value, StringComparer.Ordinal).Take(limit).ToArray();
        var labels = new TrendLabels(province, routing.Current);
        var items = new DrillDownItem[listed.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, listed.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (position, token) => items[position] = Describe(listed[position], await store.GetAsync(listed[position].TrackingCode, token), labels));
        return new DrillDownResult(items, entries.Count > limit);
    }

    private static DrillDownItem Describe(TrendIndexEntry entry, FeedbackItem? item, TrendLabels labels)
    {
        var status = (item?.Status ?? FeedbackStatus.Routed).ToString().ToLowerInvariant();
        return new(
            entry.TrackingCode.Value,
            entry.ReceivedAt,
            TehranTime.JalaliText(entry.ReceivedAt),
            entry.Cell.Topic,
            TrendLabels.Topic(entry.Cell.Topic),
            entry.Cell.Sentiment,
            TrendLabels.Sentiment(entry.Cell.Sentiment),
            entry.Cell.AgencyKey,
            labels.Agency(entry.Cell.AgencyKey),
            entry.Cell.County,
            labels.County(entry.Cell.County),
            entry.Cell.Rating,
            status,
            TrendLabels.Status(status),
            entry.NeedsReview,
            item is null ? string.Empty : AnalystExcerpt.Of(item.Text));
    }
}
