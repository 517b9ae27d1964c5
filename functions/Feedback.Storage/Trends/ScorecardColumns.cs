using Azure.Data.Tables;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Scorecard;

namespace Feedback.Storage.Trends;

/// <summary>
/// The columns of an item's day listing (its trend marker; before, a <c>ProvinceDays</c> row) the public scorecard
/// reads, so that it lists a province's day without reading an item: the counter office, when the item reached its agency, was acknowledged and
/// closed, whether a deadline was missed, and the resolution survey's answer and reopenings. Rows written before
/// these columns existed read as not known (null), and the scorecard leaves them out of those figures.
/// </summary>
public static class ScorecardColumns
{
    public const string CounterOffice = "CounterOffice";
    public const string AssignedAt = "AssignedAt";
    public const string AcknowledgedAt = "AcknowledgedAt";
    public const string ClosedAt = "ClosedAt";
    public const string SlaMissed = "SlaMissed";
    public const string ResolutionRating = "ResolutionRating";
    public const string ReopenCount = "ReopenCount";

    private const string Status = "Status";
    private const string Sentiment = "Sentiment";
    private const string AgencyKey = "AgencyKey";

    /// <summary>What a scorecard query asks for: the columns of <see cref="EntryOf"/>, nothing of the text.</summary>
    public static IReadOnlyList<string> Selected { get; } =
        [Status, Sentiment, AgencyKey, TableTrendCounters.KindColumn, CounterOffice, AssignedAt, AcknowledgedAt, ClosedAt, SlaMissed, ResolutionRating, ReopenCount];

    /// <summary>Sets the scorecard's columns of the day row <paramref name="row"/> from the item as it is now.</summary>
    public static void Add(TableEntity row, FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(item);
        if (item.CounterOffice is not null)
            row[CounterOffice] = item.CounterOffice;
        row[AssignedAt] = AgencyWorkflow.AssignedAt(item);
        if (item.AcknowledgedAt is { } acknowledgedAt)
            row[AcknowledgedAt] = acknowledgedAt;
        if (item.ClosedAt is { } closedAt)
            row[ClosedAt] = closedAt;
        row[SlaMissed] = SlaPolicy.CurrentFlags(item).Count > 0;
        if (item.ResolutionRating is { } rating)
            row[ResolutionRating] = rating;
        row[ReopenCount] = item.ReopenCount;
    }

    /// <summary>The scorecard's entry for a day row of <paramref name="province"/>'s <paramref name="day"/>.</summary>
    public static ScorecardEntry EntryOf(TableEntity row, string province, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ScorecardEntry(
            province,
            day,
            row.GetString(AgencyKey) ?? string.Empty,
            row.GetString(CounterOffice),
            row.GetString(Sentiment) ?? string.Empty,
            Enum.TryParse<ItemKind>(row.GetString(TableTrendCounters.KindColumn), out var kind) ? kind : ItemKind.Case,
            Enum.TryParse<FeedbackStatus>(row.GetString(Status), out var status) ? status : FeedbackStatus.Routed,
            row.GetDateTimeOffset(AssignedAt),
            row.GetDateTimeOffset(AcknowledgedAt),
            row.GetDateTimeOffset(ClosedAt),
            row.GetBoolean(SlaMissed),
            row.GetInt32(ResolutionRating),
            row.GetInt32(ReopenCount) ?? 0);
    }
}
