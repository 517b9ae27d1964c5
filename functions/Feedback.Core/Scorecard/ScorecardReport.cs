using Feedback.Core.Time;

namespace Feedback.Core.Scorecard;

/// <summary>
/// The public scorecard of a period: per province, per agency and per counter office, only groups of at least
/// <see cref="MinimumGroupSize"/> items (<see cref="ScorecardBuilder"/> says which are shown and why).
/// </summary>
public sealed record ScorecardReport(
    ScorecardPeriodView Period,
    int MinimumGroupSize,
    ScorecardTable Provinces,
    ScorecardTable Agencies,
    ScorecardTable CounterOffices,
    IReadOnlyList<ScorecardPeriodView> Choices,
    DateTimeOffset ComputedAt);

/// <summary>A period as the page shows and asks for it: its key, its Persian label and its first and last Jalali days.</summary>
public sealed record ScorecardPeriodView(string Key, string Kind, string Label, string From, string To)
{
    public static ScorecardPeriodView Of(ScorecardPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return new(period.Key, period.Kind.ToString().ToLowerInvariant(), period.Label, JalaliDays.Format(period.From), JalaliDays.Format(period.To));
    }
}

/// <summary>The groups of one table that are shown, and how many were not (too small, or hiding a small one).</summary>
public sealed record ScorecardTable(IReadOnlyList<ScorecardRow> Rows, int HiddenGroups);

/// <summary>
/// One group's figures. Shares are 0–1; durations in hours from when the item reached the agency; null (shown «—»)
/// where nothing was there to measure: no case acknowledged or closed yet, no resolution survey answered.
/// </summary>
/// <param name="ProvinceName">The province the group belongs to (its own name for a province row).</param>
/// <param name="Volume">Items received in the period: cases and recorded feedback.</param>
/// <param name="NegativeShare">The share of those the classifier (or staff) found negative.</param>
/// <param name="MedianHoursToAcknowledge">Over cases acknowledged: from assignment to acknowledgement.</param>
/// <param name="MedianHoursToClose">Over cases resolved or rejected: from assignment to the agency's final answer.</param>
/// <param name="WithinSlaShare">The share of cases no deadline was missed on (open ones not yet late count as within).</param>
/// <param name="ResolutionSatisfaction">The mean 1–5 answer to the resolution survey.</param>
/// <param name="ResolutionAnswers">How many answered it.</param>
/// <param name="ReopenRate">The share of resolved cases the citizen reopened; null until the resolution survey has reached the group.</param>
public sealed record ScorecardRow(
    string Key,
    string Name,
    string ProvinceName,
    int Volume,
    double NegativeShare,
    double? MedianHoursToAcknowledge,
    double? MedianHoursToClose,
    double? WithinSlaShare,
    double? ResolutionSatisfaction,
    int ResolutionAnswers,
    double? ReopenRate);
