using System.Diagnostics.CodeAnalysis;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Routing;

namespace Feedback.Core.Agencies;

/// <summary>
/// The status SMS an item's citizen is owed: one per agency step citizens are told about (acknowledged, in
/// progress, resolved with the reply, rejected with the reason, reassigned with the new agency's name), keyed
/// "{code}-status-{step}" so that queueing one again never sends it twice. Steps before
/// <see cref="FeedbackItem.NoticesQueued"/> are done.
/// <para>
/// Steps that follow each other within the coalescing window go out as one SMS with the latest state: a step that
/// can still be followed waits out the window on the queue, and when it is due the dispatcher drops it if a later
/// notified step came within the window (<see cref="IsSuperseded"/>). A resolution or rejection goes at once.
/// </para>
/// <para>
/// A resolution carries the agency's whole answer, or links to the item's status page when the answer is too long
/// (<see cref="SmsTemplates.Resolved"/>). A question staff ask the citizen is its step's SMS, sent at once and never
/// superseded; the step that attaches the citizen's answer sends nothing.
/// </para>
/// </summary>
public static class StatusNotices
{
    /// <summary>The SMS still to be queued, each with when it may go; none when the citizen left no phone number.</summary>
    public static IReadOnlyList<(SmsRequested Sms, DateTimeOffset? NotBefore)> Pending(FeedbackItem item, RoutingTable routing, PublicPages pages, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(pages);
        return [.. PendingSteps(item).Select(step =>
        {
            var change = item.History[step];
            var status = Notified(item, step)!.Value;
            var question = QuestionAt(item, step);
            var text = (status, question) switch
            {
                (_, { } asked) => SmsTemplates.Question(item.TrackingCode, asked.Question),
                (NotifiedStatus.Reassigned, _) => SmsTemplates.Reassigned(item.TrackingCode, AgencyName(item, change.At, routing), change.At),
                (NotifiedStatus.Resolved, _) when item.AgencyReply is { } reply => SmsTemplates.Resolved(item.TrackingCode, reply, change.At, pages.StatusOf(item.TrackingCode)),
                _ => SmsTemplates.StatusChanged(item.TrackingCode, status, status == NotifiedStatus.Rejected ? item.RejectionReason : null, change.At),
            };
            DateTimeOffset? notBefore = IsFinal(status) || question is not null || window <= TimeSpan.Zero ? null : change.At + window;
            return (new SmsRequested(Key(item.TrackingCode, step), SmsKind.StatusUpdate, item.EncryptedPhone!, item.PhoneHash!, text), notBefore);
        })];
    }

    /// <summary>Whether the item owes its citizen a status SMS that is not queued yet.</summary>
    public static bool AnyPending(FeedbackItem item) => PendingSteps(item).Any();

    /// <summary>The SMS key of the status update for history step <paramref name="step"/>.</summary>
    public static string Key(TrackingCode trackingCode, int step) => $"{trackingCode}-status-{step}";

    /// <summary>The tracking code and history step a status update's key names; false for any other key.</summary>
    public static bool TryParseKey(string key, [NotNullWhen(true)] out TrackingCode? trackingCode, out int step)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split("-status-");
        trackingCode = TrackingCode.Parse(parts[0]).Code;
        step = 0;
        return trackingCode is not null && parts.Length == 2 && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out step);
    }

    /// <summary>Whether a later step the citizen is told about came within <paramref name="window"/> of step <paramref name="step"/>: its SMS says the latest state instead.</summary>
    public static bool IsSuperseded(FeedbackItem item, int step, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (step < 0 || step >= item.History.Count || window <= TimeSpan.Zero || QuestionAt(item, step) is not null)
            return false;
        var at = item.History[step].At;
        return Enumerable.Range(step + 1, item.History.Count - step - 1)
            .Any(later => Notified(item, later) is not null && item.History[later].At - at <= window);
    }

    private static bool IsFinal(NotifiedStatus status) => status is NotifiedStatus.Resolved or NotifiedStatus.Rejected;

    private static IEnumerable<int> PendingSteps(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.EncryptedPhone is null || item.PhoneHash is null)
            return [];
        return Enumerable.Range(0, item.History.Count).Skip(Math.Max(0, item.NoticesQueued)).Where(step => Notified(item, step) is not null);
    }

    /// <summary>What the citizen is told of history step <paramref name="step"/>; a routing step only when staff reassigned the item then.</summary>
    private static NotifiedStatus? Notified(FeedbackItem item, int step)
    {
        var change = item.History[step];
        if (change.Note == AgencyWorkflow.AnswerNote && item.Questions.Any(question => question.AnsweredAt == change.At))
            return null;
        return change.Status switch
        {
            FeedbackStatus.Acknowledged => NotifiedStatus.Acknowledged,
            FeedbackStatus.InProgress => NotifiedStatus.InProgress,
            FeedbackStatus.Resolved => NotifiedStatus.Resolved,
            FeedbackStatus.Rejected => NotifiedStatus.Rejected,
            FeedbackStatus.Routed when item.Reassignments.Any(move => move.At == change.At) => NotifiedStatus.Reassigned,
            _ => null,
        };
    }

    /// <summary>The question staff asked at history step <paramref name="step"/>, if the step is one.</summary>
    private static CitizenQuestion? QuestionAt(FeedbackItem item, int step) =>
        item.History[step] is { Status: FeedbackStatus.InProgress } change
            ? item.Questions.FirstOrDefault(question => question.At == change.At && change.Note == AgencyWorkflow.QuestionNote(question.Question))
            : null;

    private static string AgencyName(FeedbackItem item, DateTimeOffset at, RoutingTable routing)
    {
        var agency = item.Reassignments.Last(move => move.At == at).ToAgency;
        return routing.FindAgency(agency)?.PersianName ?? agency;
    }
}
