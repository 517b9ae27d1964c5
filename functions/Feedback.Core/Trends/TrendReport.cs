using Feedback.Core.Time;

namespace Feedback.Core.Trends;

/// <summary>
/// Items added up: how many, how many of each sentiment, and the survey ratings among them; and of the cases, how
/// many were resolved, how the citizens rated the resolutions and how many they reopened. Shares and the averages
/// are null where there is nothing to divide by.
/// </summary>
public sealed record TrendTally(long Volume, long Negative, long Neutral, long Positive, long Rated, long RatingSum,
    long Resolved = 0, long ResolutionRated = 0, long ResolutionSatisfied = 0, long ResolutionRatingSum = 0, long Reopened = 0)
{
    /// <summary>A resolution rated at least this (on 1–5) counts as a satisfied citizen.</summary>
    public const int SatisfiedResolutionRating = 4;

    public static TrendTally Empty { get; } = new(0, 0, 0, 0, 0, 0);

    public double? NegativeShare => Share(Negative);

    public double? NeutralShare => Share(Neutral);

    public double? PositiveShare => Share(Positive);

    /// <summary>The mean survey rating (1–5) of the rated items.</summary>
    public double? AverageRating => Rated == 0 ? null : (double)RatingSum / Rated;

    /// <summary>The share of rated resolutions the citizen rated 4 or 5.</summary>
    public double? ResolutionSatisfaction => ResolutionRated == 0 ? null : (double)ResolutionSatisfied / ResolutionRated;

    /// <summary>The mean rating (1–5) citizens gave resolutions.</summary>
    public double? AverageResolutionRating => ResolutionRated == 0 ? null : (double)ResolutionRatingSum / ResolutionRated;

    /// <summary>Reopened cases per resolved case.</summary>
    public double? ReopenRate => Resolved == 0 ? null : (double)Reopened / Resolved;

    public TrendTally Add(TrendCell cell, long count)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return new(
            Volume + count,
            Negative + (cell.Sentiment == "negative" ? count : 0),
            Neutral + (cell.Sentiment == "neutral" ? count : 0),
            Positive + (cell.Sentiment == "positive" ? count : 0),
            Rated + (cell.Rating is null ? 0 : count),
            RatingSum + ((cell.Rating ?? 0) * count),
            Resolved + (cell.Resolved ? count : 0),
            ResolutionRated + (cell.ResolutionRating is null ? 0 : count),
            ResolutionSatisfied + (cell.ResolutionRating >= SatisfiedResolutionRating ? count : 0),
            ResolutionRatingSum + ((cell.ResolutionRating ?? 0) * count),
            Reopened + (cell.Reopened ? count : 0));
    }

    private double? Share(long part) => Volume == 0 ? null : (double)part / Volume;
}

/// <summary>The days a report covers, in both calendars, and the period its rises compare with.</summary>
public sealed record TrendPeriodView(
    DateOnly From,
    DateOnly To,
    string FromJalali,
    string ToJalali,
    string Granularity,
    DateOnly PreviousFrom,
    DateOnly PreviousTo,
    string PreviousFromJalali,
    string PreviousToJalali)
{
    public static TrendPeriodView Of(TrendPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var previous = period.Previous;
        return new(
            period.From,
            period.To,
            JalaliDays.Format(period.From),
            JalaliDays.Format(period.To),
            period.Granularity == TrendGranularity.Week ? "week" : "day",
            previous.From,
            previous.To,
            JalaliDays.Format(previous.From),
            JalaliDays.Format(previous.To));
    }
}

/// <summary>One bar of the time series: a day or an Iranian week (Saturday first), with its Jalali dates.</summary>
public sealed record TrendSeriesPoint(DateOnly Start, DateOnly End, string StartJalali, string EndJalali, TrendTally Tally);

/// <summary>One topic, agency or county of a breakdown. <see cref="Key"/> is null for the items without a county.</summary>
public sealed record TrendBreakdownRow(string? Key, string Label, TrendTally Tally);

/// <summary>A topic whose share of negative feedback rose against the previous period, in percentage points.</summary>
public sealed record TrendRise(string Topic, string Label, double NegativeShare, double PreviousNegativeShare, long Volume, long PreviousVolume)
{
    public double Rise => NegativeShare - PreviousNegativeShare;
}

/// <summary>One missed service-level target, with the names people read.</summary>
public sealed record SlaBreachRow(
    string TrackingCode,
    string AgencyKey,
    string AgencyLabel,
    string Kind,
    string KindLabel,
    string? Topic,
    string? TopicLabel,
    DateTimeOffset DueAt,
    string DueAtJalali,
    DateTimeOffset FlaggedAt,
    string FlaggedAtJalali);

/// <summary>How many targets one agency missed in the period, of each kind.</summary>
public sealed record SlaAgencyRow(string AgencyKey, string Label, int Acknowledge, int Resolve)
{
    public int Total => Acknowledge + Resolve;
}

/// <summary>The period's SLA breaches: counted by kind and by agency, and the newest listed.</summary>
public sealed record SlaSummary(int Acknowledge, int Resolve, IReadOnlyList<SlaAgencyRow> ByAgency, IReadOnlyList<SlaBreachRow> Latest)
{
    public int Total => Acknowledge + Resolve;
}

/// <summary>
/// Everything the governorate dashboard shows for one province, period and filter: the totals (and the previous
/// period's), the series, the breakdowns by topic, agency and county, the topics whose negative share rose most,
/// and the SLA breaches.
/// </summary>
public sealed record TrendReport(
    string Province,
    string ProvinceLabel,
    TrendPeriodView Period,
    TrendFilter Filter,
    TrendTally Totals,
    TrendTally PreviousTotals,
    IReadOnlyList<TrendSeriesPoint> Series,
    IReadOnlyList<TrendBreakdownRow> ByTopic,
    IReadOnlyList<TrendBreakdownRow> ByAgency,
    IReadOnlyList<TrendBreakdownRow> ByCounty,
    IReadOnlyList<TrendRise> RisingNegative,
    SlaSummary SlaBreaches,
    TrendChoices Choices);
