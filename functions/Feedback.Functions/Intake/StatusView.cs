using Feedback.Classification.Taxonomy;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Core.Time;

namespace Feedback.Functions.Intake;

/// <summary>
/// What the status look-up shows a citizen: status, who handles it, history in Tehran time and the Jalali calendar;
/// no personal data. <see cref="Answer"/> is the agency's last word (its reply, or why it refused); while the item is
/// open, <see cref="AnswerExpectedBy"/> is the last day (Jalali, Tehran) by which the agency's target says it answers
/// (later by the time the agency waited for the citizen's answer to its question).
/// </summary>
public sealed record StatusView(
    string TrackingCode,
    string Status,
    string ReceivedAt,
    string? Topic,
    string? Agency,
    IReadOnlyList<StatusStepView> History,
    string? TopicName = null,
    string? Answer = null,
    string? AnswerExpectedBy = null)
{
    public static StatusView Of(FeedbackItem item, RoutingTable routing, SlaPolicy sla, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(sla);
        var assessment = item.Assessment;
        return new(
            item.TrackingCode.Value,
            item.Status.ToString().ToLowerInvariant(),
            TehranTime.JalaliText(item.ReceivedAt),
            assessment?.Topic,
            assessment is null ? null : routing.FindAgency(assessment.AgencyKey)?.PersianName ?? assessment.AgencyKey,
            item.History.Select(step => new StatusStepView(TehranTime.JalaliText(step.At), step.Status.ToString().ToLowerInvariant(), step.Note)).ToArray(),
            FeedbackTaxonomy.Topics.FirstOrDefault(topic => topic.Key == assessment?.Topic)?.PersianName,
            item.Status switch
            {
                FeedbackStatus.Resolved => item.AgencyReply,
                FeedbackStatus.Rejected => item.RejectionReason,
                _ => null,
            },
            assessment is not null && AgencyWorkflow.IsOpen(item.Status)
                ? LastDayBefore(sla.DueAt(SlaKind.Resolve, item, now))
                : null);
    }

    /// <summary>
    /// A deadline falls at the start of a Tehran day (00:00): the day before it is the last one allowed, so it is
    /// that day's date that is shown, to be read «until the end of».
    /// </summary>
    private static string LastDayBefore(DateTimeOffset deadline) => TehranTime.JalaliDate(deadline.AddTicks(-1));
}

public sealed record StatusStepView(string At, string Status, string Note);
