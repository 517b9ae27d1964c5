using Feedback.Core.Items;

namespace Feedback.Core.Trends;

/// <summary>
/// A routed item as the trend counters see it: its province and Tehran day, and the dimensions the governorate
/// slices by (topic, sentiment, agency, county, survey rating). Counted once per <see cref="TrackingCode"/>.
/// </summary>
public sealed record TrendEvent(string TrackingCode, string Province, DateOnly Day, TrendCell Cell)
{
    /// <summary>The event of an item processing has just routed (it has an assessment).</summary>
    public static TrendEvent Of(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var assessment = item.Assessment ?? throw new ArgumentException("only a routed item is counted", nameof(item));
        return new(
            item.TrackingCode,
            item.Province,
            JalaliDays.TehranDay(item.ReceivedAt),
            new TrendCell(assessment.Topic, assessment.Sentiment, assessment.AgencyKey, item.County, item.Rating));
    }
}

/// <summary>
/// One combination of the dimensions a counter counts within a province's day. <see cref="County"/> is null when
/// the citizen named none; <see cref="Rating"/> (1–5) is null when the item carried no survey rating.
/// </summary>
public sealed record TrendCell(string Topic, string Sentiment, string AgencyKey, string? County, int? Rating);

/// <summary>How many items of one province's <see cref="Day"/> fall in <see cref="Cell"/>.</summary>
public sealed record TrendCount(DateOnly Day, TrendCell Cell, long Count);
