using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Time;

namespace Feedback.Core.Scorecard;

/// <summary>
/// One routed item as the public scorecard counts it: where it was sent and how its agency dealt with it, never its
/// text nor anything about the citizen. Null where the index row was written before the column existed.
/// </summary>
/// <param name="Day">The Tehran day it was received: the period it counts in.</param>
/// <param name="AssignedAt">When it reached the agency it is with now (the SLA clock's start).</param>
/// <param name="SlaMissed">Whether the agency it is with now missed a deadline on it (the SLA timer flagged it).</param>
/// <param name="ResolutionRating">The citizen's 1–5 answer to the resolution survey.</param>
/// <param name="ReopenCount">How often the citizen reopened it after it was resolved.</param>
public sealed record ScorecardEntry(
    string Province,
    DateOnly Day,
    string AgencyKey,
    string? CounterOffice,
    string Sentiment,
    ItemKind Kind,
    FeedbackStatus Status,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ClosedAt,
    bool? SlaMissed,
    int? ResolutionRating,
    int ReopenCount)
{
    /// <summary>The entry of a routed item as it is now: when it reached its agency, and whether that agency missed a deadline on it (this assignment's flags).</summary>
    public static ScorecardEntry Of(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var assessment = item.Assessment ?? throw new ArgumentException("only a routed item is on the scorecard", nameof(item));
        return new ScorecardEntry(
            item.Province,
            JalaliDays.TehranDay(item.ReceivedAt),
            assessment.AgencyKey,
            item.CounterOffice,
            assessment.Sentiment,
            assessment.Kind,
            item.Status,
            AgencyWorkflow.AssignedAt(item),
            item.AcknowledgedAt,
            item.ClosedAt,
            SlaPolicy.CurrentFlags(item).Count > 0,
            item.ResolutionRating,
            item.ReopenCount);
    }
}

/// <summary>Where the scorecard reads its entries: the province-day index, one query per province and day.</summary>
public interface IScorecardSource
{
    /// <summary>The routed items of the provinces received on the Tehran days <paramref name="firstDay"/> to <paramref name="lastDay"/>, both included.</summary>
    Task<IReadOnlyList<ScorecardEntry>> ReadAsync(IReadOnlyList<string> provinces, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken);
}
