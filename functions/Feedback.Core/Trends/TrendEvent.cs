using Feedback.Core.Items;
using Feedback.Core.Time;

namespace Feedback.Core.Trends;

/// <summary>
/// A routed item as the trend counters see it: its province and Tehran day, and the dimensions the governorate
/// slices by (topic, sentiment, agency, county, survey rating, case or feedback) and how its resolution went
/// (resolved, the citizen's rating of it, reopened). Counted once per
/// <see cref="TrackingCode"/>, in the cell of its highest <see cref="Revision"/>: a later revision moves the count.
/// </summary>
/// <param name="Revision">How many times staff changed the item's attribution (<see cref="RevisionOf"/>); 0 as processing routed it.</param>
/// <param name="TimeReceived">The Tehran time of day the item was received (<paramref name="Day"/> is its date): like the day, it never changes for an item.</param>
public sealed record TrendEvent(TrackingCode TrackingCode, string Province, DateOnly Day, TrendCell Cell, int Revision = 0, TimeOnly TimeReceived = default)
{
    /// <summary>The event of a routed item as it is now (it has an assessment).</summary>
    public static TrendEvent Of(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var assessment = item.Assessment ?? throw new ArgumentException("only a routed item is counted", nameof(item));
        return new(
            item.TrackingCode,
            item.Province,
            JalaliDays.TehranDay(item.ReceivedAt),
            new TrendCell(assessment.Topic, assessment.Sentiment, assessment.AgencyKey, item.County, item.Rating, assessment.Kind,
                item.History.Any(step => step.Status == FeedbackStatus.Resolved), item.ResolutionRating, item.ReopenCount > 0),
            RevisionOf(item),
            TehranTime.TimeOfDay(item.ReceivedAt));
    }

    /// <summary>
    /// The item's attribution revision: every reassignment, label correction and feedback↔case change adds one, and so
    /// do every resolution and every answer to a resolution survey (which move the item's resolution dimensions).
    /// Each is appended by a conditional save of the item, so revisions of one item are totally ordered.
    /// </summary>
    public static int RevisionOf(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Reassignments.Count + item.LabelCorrections.Count + item.KindChanges.Count
            + item.History.Count(step => step.Status == FeedbackStatus.Resolved) + item.ResolutionAnswers.Count;
    }

    /// <summary>Whether the counters have not yet been moved to the item's current attribution.</summary>
    public static bool CountOwed(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Assessment is not null && item.CountedRevision < RevisionOf(item);
    }
}

/// <summary>
/// One combination of the dimensions a counter counts within a province's day. <see cref="County"/> is null when
/// the citizen named none; <see cref="Rating"/> (1–5) is null when the item carried no survey rating.
/// <see cref="Resolved"/>: the agency resolved the case at least once; <see cref="ResolutionRating"/>: the citizen's
/// rating of its last resolution (null until they gave one); <see cref="Reopened"/>: the citizen reopened it.
/// </summary>
public sealed record TrendCell(string Topic, string Sentiment, string AgencyKey, string? County, int? Rating, ItemKind Kind = ItemKind.Case, bool Resolved = false, int? ResolutionRating = null, bool Reopened = false);

/// <summary>How many items of one province's <see cref="Day"/> fall in <see cref="Cell"/>.</summary>
public sealed record TrendCount(DateOnly Day, TrendCell Cell, long Count);
