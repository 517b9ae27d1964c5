using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Core.Time;

namespace Feedback.Functions.Intake;

/// <summary>What the status look-up shows a citizen: status, who handles it, history in Tehran time and the Jalali calendar; no personal data.</summary>
public sealed record StatusView(string TrackingCode, string Status, string ReceivedAt, string? Topic, string? Agency, IReadOnlyList<StatusStepView> History)
{
    public static StatusView Of(FeedbackItem item, RoutingTable routing) => new(
        item.TrackingCode,
        item.Status.ToString().ToLowerInvariant(),
        TehranTime.JalaliText(item.ReceivedAt),
        item.Assessment?.Topic,
        item.Assessment is { } assessment ? routing.FindAgency(assessment.AgencyKey)?.PersianName ?? assessment.AgencyKey : null,
        item.History.Select(step => new StatusStepView(TehranTime.JalaliText(step.At), step.Status.ToString().ToLowerInvariant(), step.Note)).ToArray());
}

public sealed record StatusStepView(string At, string Status, string Note);
