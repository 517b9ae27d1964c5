using Azure.Data.Tables;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Trends;

namespace Feedback.Storage.Agencies;

/// <summary>
/// The columns of an <c>AgencyInbox</c> row that the agency workflow adds to the index: the message (to list and
/// search it without reading each item), when the item reached this agency, its SLA flags for that assignment, and
/// whether a status SMS is still to be queued or the trend counts still to be moved (the SLA timer finishes both). Rows written before these columns existed read with safe defaults.
/// </summary>
public static class AgencyInboxColumns
{
    public const string Text = "Text";
    public const string AssignedAt = "AssignedAt";
    public const string AcknowledgeLate = "AcknowledgeLate";
    public const string ResolveLate = "ResolveLate";
    public const string NoticePending = "NoticePending";
    public const string CitizenAnswered = "CitizenAnswered";
    public const string Reopened = "Reopened";

    /// <summary>Sets the workflow's columns of <paramref name="row"/> from the item as it is now.</summary>
    public static void Add(TableEntity row, FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(item);
        var flags = SlaPolicy.CurrentFlags(item);
        row[Text] = item.Text;
        row[AssignedAt] = AgencyWorkflow.AssignedAt(item);
        row[AcknowledgeLate] = flags.Any(flag => flag.Kind == SlaKind.Acknowledge);
        row[ResolveLate] = flags.Any(flag => flag.Kind == SlaKind.Resolve);
        row[NoticePending] = StatusNotices.AnyPending(item) || TrendEvent.CountOwed(item);
        row[CitizenAnswered] = item.Questions.Count > 0 && item.Questions[^1].AnsweredAt is not null;
        row[Reopened] = item.ReopenCount > 0;
    }
}
