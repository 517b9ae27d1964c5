using Feedback.Core.Items;

namespace Feedback.Core.Trends;

/// <summary>
/// Exact counters of routed items per province, Tehran day and <see cref="TrendCell"/>: what the governorate
/// dashboard reads instead of the items themselves.
/// </summary>
public interface ITrendCounters
{
    /// <summary>
    /// Counts the item once, however often and however concurrently it is called for the same tracking code (a
    /// redelivered message, a retry after a crash): every call returns once the item is counted.
    /// </summary>
    Task RecordAsync(TrendEvent trendEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Counts the routed item as <see cref="RecordAsync(TrendEvent, CancellationToken)"/> counts <see cref="TrendEvent.Of"/>
    /// of it, and in the same write lists it in its province's day as it is now (what the drill-down and the
    /// scorecard read): a first count lists it, a move lists it in its new cell, a recording that changes no count
    /// lists nothing, so a late or repeated one never undoes what staff changed since.
    /// </summary>
    Task RecordAsync(FeedbackItem item, CancellationToken cancellationToken);

    /// <summary>Every non-zero counter of the province's Tehran days <paramref name="firstDay"/> to <paramref name="lastDay"/>, both included.</summary>
    Task<IReadOnlyList<TrendCount>> ReadAsync(string province, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken);
}

/// <summary>
/// A service-level target an agency missed, as the SLA timer flags it: the item was not acknowledged, or not
/// resolved, by <see cref="DueAt"/>.
/// </summary>
public sealed record SlaBreach(TrackingCode TrackingCode, string AgencyKey, string Kind, string? Topic, DateTimeOffset DueAt, DateTimeOffset FlaggedAt)
{
    public const string Acknowledge = "acknowledge";
    public const string Resolve = "resolve";
}

/// <summary>The SLA breaches the SLA timer recorded.</summary>
public interface ISlaBreachReader
{
    /// <summary>The province's breaches flagged from <paramref name="since"/> (included) until <paramref name="until"/> (excluded), newest first; none when nothing was ever flagged.</summary>
    Task<IReadOnlyList<SlaBreach>> ReadAsync(string province, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}

/// <summary>One routed item in its province's day index: what a drill-down lists before it reads the item itself.</summary>
public sealed record TrendIndexEntry(TrackingCode TrackingCode, DateTimeOffset ReceivedAt, TrendCell Cell, bool NeedsReview);

/// <summary>The per-item index of a province's routed items by Tehran day.</summary>
public interface ITrendItemIndex
{
    /// <summary>The entries of one Tehran day of the province that match the filter, in no particular order.</summary>
    Task<IReadOnlyList<TrendIndexEntry>> ReadDayAsync(string province, DateOnly day, TrendFilter filter, CancellationToken cancellationToken);
}
