using Feedback.Core.Items;

namespace Feedback.Core.Agencies;

/// <summary>
/// One SLA breach as the governorate sees it (table <c>SlaBreaches</c>, read by the governorate dashboard):
/// the item, the agency that missed the target, the target's kind and deadline, and when it was flagged.
/// </summary>
public sealed record SlaBreachRecord(string Province, TrackingCode TrackingCode, SlaKind Kind, string AgencyKey, DateTimeOffset DueAt, DateTimeOffset FlaggedAt, string Topic)
{
    public static SlaBreachRecord Of(FeedbackItem item, SlaFlag flag)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(flag);
        return new(item.Province, item.TrackingCode, flag.Kind, flag.AgencyKey, flag.DueAt, flag.FlaggedAt, item.Assessment?.Topic ?? "other");
    }
}

/// <summary>Where SLA breaches are escalated to the governorate. Recording the same breach again changes nothing.</summary>
public interface ISlaBreachLog
{
    Task RecordAsync(SlaBreachRecord breach, CancellationToken cancellationToken);
}
