using Feedback.Core.Time;

namespace Feedback.Core.Trends;

/// <summary>How the dashboard's time series groups days.</summary>
public enum TrendGranularity
{
    Day,

    /// <summary>Iranian weeks, Saturday to Friday; the first and last may be cut by the period.</summary>
    Week,
}

/// <summary>One bar of the time series: the Tehran days <see cref="Start"/> to <see cref="End"/>, both included.</summary>
public sealed record TrendBucket(DateOnly Start, DateOnly End);

/// <summary>
/// The Tehran days a dashboard view covers, <see cref="From"/> to <see cref="To"/> (both included, at most
/// <see cref="MaxDays"/>), and how its series groups them.
/// </summary>
public sealed record TrendPeriod
{
    /// <summary>The longest period one view reads (its counters, and as many again for the previous period).</summary>
    public const int MaxDays = 90;

    public TrendPeriod(DateOnly from, DateOnly to, TrendGranularity granularity)
    {
        if (Problem(from, to) is { } problem)
            throw new ArgumentException(problem, nameof(to));
        From = from;
        To = to;
        Granularity = granularity;
    }

    public DateOnly From { get; }

    public DateOnly To { get; }

    public TrendGranularity Granularity { get; }

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>As many days again, ending the day before <see cref="From"/>: what the rises are measured against.</summary>
    public TrendPeriod Previous => new(From.AddDays(-Days), From.AddDays(-1), Granularity);

    /// <summary>What is wrong with the range, in English for problem details; null when it is a valid period.</summary>
    public static string? Problem(DateOnly from, DateOnly to) =>
        to < from ? "the period ends before it starts"
        : to.DayNumber - from.DayNumber + 1 > MaxDays ? $"a period is at most {MaxDays} days"
        : null;

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>The series' bars in order: one per day, or one per Iranian week cut to the period.</summary>
    public IReadOnlyList<TrendBucket> Buckets()
    {
        var buckets = new List<TrendBucket>();
        for (var start = From; start <= To;)
        {
            var end = Granularity == TrendGranularity.Day ? start : Min(JalaliDays.WeekStart(start).AddDays(6), To);
            buckets.Add(new TrendBucket(start, end));
            start = end.AddDays(1);
        }
        return buckets;
    }

    private static DateOnly Min(DateOnly first, DateOnly second) => first < second ? first : second;
}

/// <summary>
/// Narrows a view to one topic, sentiment, agency and/or county (keys; null for all). Applied to the counters
/// before anything is added up, so every chart and table of the view shows the same slice.
/// </summary>
public sealed record TrendFilter(string? Topic = null, string? Sentiment = null, string? AgencyKey = null, string? County = null)
{
    public static TrendFilter None { get; } = new();

    public bool Matches(TrendCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return (Topic is null || Topic == cell.Topic)
            && (Sentiment is null || Sentiment == cell.Sentiment)
            && (AgencyKey is null || AgencyKey == cell.AgencyKey)
            && (County is null || County == cell.County);
    }
}
