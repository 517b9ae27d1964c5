using Feedback.Core.Items;
using Feedback.Core.Notifications;

namespace Feedback.Core.Agencies;

/// <summary>
/// The status SMS an item's citizen is owed: one per agency step citizens are told about (acknowledged, in
/// progress, resolved with the reply, rejected with the reason), keyed "{code}-status-{step}" so that queueing
/// one again never sends it twice. Steps before <see cref="FeedbackItem.NoticesQueued"/> are done.
/// </summary>
public static class StatusNotices
{
    /// <summary>The SMS still to be queued; none when the citizen left no phone number.</summary>
    public static IReadOnlyList<SmsRequested> Pending(FeedbackItem item) =>
        [.. PendingSteps(item).Select(step =>
        {
            var change = item.History[step];
            var reply = change.Status switch
            {
                FeedbackStatus.Resolved => item.AgencyReply,
                FeedbackStatus.Rejected => item.RejectionReason,
                _ => null,
            };
            return new SmsRequested(Key(item.TrackingCode, step), SmsKind.StatusUpdate, item.EncryptedPhone!, item.PhoneHash!, SmsTemplates.StatusChanged(item.TrackingCode, Notified(change.Status)!.Value, reply, change.At));
        })];

    /// <summary>Whether the item owes its citizen a status SMS that is not queued yet.</summary>
    public static bool AnyPending(FeedbackItem item) => PendingSteps(item).Any();

    /// <summary>The SMS key of the status update for history step <paramref name="step"/>.</summary>
    public static string Key(string trackingCode, int step) => $"{trackingCode}-status-{step}";

    private static IEnumerable<int> PendingSteps(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.EncryptedPhone is null || item.PhoneHash is null)
            return [];
        return Enumerable.Range(0, item.History.Count).Skip(Math.Max(0, item.NoticesQueued)).Where(step => Notified(item.History[step].Status) is not null);
    }

    private static NotifiedStatus? Notified(FeedbackStatus status) => status switch
    {
        FeedbackStatus.Acknowledged => NotifiedStatus.Acknowledged,
        FeedbackStatus.InProgress => NotifiedStatus.InProgress,
        FeedbackStatus.Resolved => NotifiedStatus.Resolved,
        FeedbackStatus.Rejected => NotifiedStatus.Rejected,
        _ => null,
    };
}
