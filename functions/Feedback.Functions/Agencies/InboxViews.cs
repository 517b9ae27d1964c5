using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Core.Routing;
using Feedback.Core.Time;
using Feedback.Functions.Access;

namespace Feedback.Functions.Agencies;

/// <summary>One page of an inbox as the API answers it.</summary>
internal sealed record InboxPageView(string Province, string Agency, IReadOnlyList<InboxRowView> Items, string? Continuation);

/// <summary>
/// An item in an inbox list: what a person scans, dates in Tehran time and the Jalali calendar, and the deadline it
/// waits on now (none once closed).
/// </summary>
internal sealed record InboxRowView(
    string TrackingCode,
    string Status,
    string Topic,
    string Sentiment,
    bool NeedsReview,
    string ReceivedAt,
    string? County,
    int? Rating,
    string Preview,
    bool AcknowledgeLate,
    bool ResolveLate,
    bool CitizenAnswered,
    bool Reopened,
    DeadlineView? Deadline)
{
    public const int PreviewLength = 140;

    public static InboxRowView Of(InboxEntry entry, SlaPolicy sla, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = ShownText.Clean(entry.Text);
        var preview = text.Length <= PreviewLength ? text : text[..PreviewLength].TrimEnd() + "…";
        return new(entry.TrackingCode.Value, InboxFilter.Key(entry.Status), entry.Topic, entry.Sentiment, entry.NeedsReview, TehranTime.JalaliText(entry.ReceivedAt),
            entry.County, entry.Rating, preview, entry.AcknowledgeLate, entry.ResolveLate, entry.CitizenAnswered, entry.Reopened,
            DeadlineView.Of(SlaDeadline.Next(entry.Status, entry.AgencyKey, entry.AssignedAt, sla), now));
    }
}

/// <summary>
/// A deadline as staff read it: which one (acknowledge, resolve), when (Jalali, Tehran time, sortable), «تا پایان …»
/// wording, and whether it is ahead, due today or overdue at the time of the answer.
/// </summary>
internal sealed record DeadlineView(string Kind, string DueAt, string Until, string State)
{
    public static DeadlineView? Of(SlaDeadline? deadline, DateTimeOffset now) => deadline is null
        ? null
        : new(SlaFlag.Key(deadline.Kind), TehranTime.JalaliText(deadline.DueAt), deadline.Until(), deadline.StateAt(now) switch
        {
            DeadlineState.Overdue => "overdue",
            DeadlineState.DueToday => "due-today",
            _ => "ahead",
        });
}

/// <summary>
/// An item as its inbox opens it: the whole text (personal numbers masked; whether the assigned agency may read the
/// original), the classifier's labels and confidence, the phone masked (0912***4567), the survey it answers, the SLA deadlines and flags, reassignments and corrections, the full
/// history, and the actions the signed-in person may take on it now; then what the citizen said back: the questions
/// asked and their answers (<see cref="AwaitingCitizen"/> while one is awaited), the rating of the last resolution
/// and how often the citizen reopened the case.
/// </summary>
internal sealed record ItemView(
    string TrackingCode,
    string Status,
    string Channel,
    string ReceivedAt,
    string Text,
    bool OriginalReadable,
    string Province,
    string? County,
    NamedKey? Agency,
    AssessmentView? Assessment,
    string? Phone,
    SurveyView Survey,
    string? AgencyReply,
    string? RejectionReason,
    string? AcknowledgedAt,
    string? ClosedAt,
    SlaView? Sla,
    IReadOnlyList<ReassignmentView> Reassignments,
    IReadOnlyList<CorrectionView> Corrections,
    IReadOnlyList<StepView> History,
    IReadOnlyList<string> Actions,
    IReadOnlyList<QuestionView> Questions,
    bool AwaitingCitizen,
    int? ResolutionRating,
    int ReopenCount)
{
    /// <param name="counterOfficeName">The name of the counter office that typed it in, from the catalogue of API clients (null: none, or not catalogued).</param>
    public static ItemView Of(FeedbackItem item, RoutingTable routing, PhoneProtector phones, SlaPolicy sla, bool mayAct, DateTimeOffset now, string? counterOfficeName = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(sla);
        var assessment = item.Assessment;
        return new(
            item.TrackingCode.Value,
            InboxFilter.Key(item.Status),
            item.Channel.ToString().ToLowerInvariant(),
            TehranTime.JalaliText(item.ReceivedAt),
            ShownText.Clean(item.Text),
            mayAct && item.EncryptedText is not null,
            item.Province,
            CountyName(item),
            assessment is null ? null : Named(assessment.AgencyKey, routing),
            assessment is null ? null : new AssessmentView(assessment.Sentiment, assessment.SentimentProbability, assessment.Topic, assessment.TopicProbability, assessment.NeedsReview, assessment.ReviewReason, assessment.RoutingReason),
            MaskedPhone(item, phones),
            new SurveyView(item.ServiceCode, item.ServiceName, item.SurveyId, item.Rating, item.CounterOffice, counterOfficeName),
            item.AgencyReply,
            item.RejectionReason,
            item.AcknowledgedAt is { } acknowledged ? TehranTime.JalaliText(acknowledged) : null,
            item.ClosedAt is { } closed ? TehranTime.JalaliText(closed) : null,
            assessment is null ? null : SlaView.Of(item, sla, now),
            [.. item.Reassignments.Select(move => new ReassignmentView(TehranTime.JalaliText(move.At), Named(move.FromAgency, routing), Named(move.ToAgency, routing), move.Reason))],
            [.. item.LabelCorrections.Select(fix => new CorrectionView(TehranTime.JalaliText(fix.At), fix.FromSentiment, fix.ToSentiment, fix.FromTopic, fix.ToTopic))],
            [.. item.History.Select(step => new StepView(TehranTime.JalaliText(step.At), InboxFilter.Key(step.Status), step.Note))],
            mayAct ? AgencyWorkflow.AllowedActions(item) : [],
            [.. item.Questions.Select(question => new QuestionView(TehranTime.JalaliText(question.At), question.Question, TehranTime.JalaliText(question.WaitUntil),
                question.AnsweredAt is { } answered ? TehranTime.JalaliText(answered) : null, question.Answer is null ? null : ShownText.Clean(question.Answer)))],
            item.Questions.Count > 0 && item.Questions[^1].IsAwaited(now),
            item.ResolutionRating,
            item.ReopenCount);
    }

    /// <summary>The county's name, marked «(استنباط‌شده)» when processing inferred it from the text.</summary>
    private static string? CountyName(FeedbackItem item) => item.County switch
    {
        null => null,
        { } key when item.CountyInferred => $"{Provinces.FindCounty(item.Province, key)?.PersianName ?? key} (استنباط‌شده)",
        { } key => Provinces.FindCounty(item.Province, key)?.PersianName ?? key,
    };

    /// <summary>The citizen's number as staff may see it, or null without one (or when it cannot be read with this deployment's key).</summary>
    private static string? MaskedPhone(FeedbackItem item, PhoneProtector phones)
    {
        if (item.EncryptedPhone is null)
            return null;
        try
        {
            return phones.Decrypt(item.EncryptedPhone).Masked;
        }
        catch (ProtectedPhoneException)
        {
            return null;
        }
    }

    private static NamedKey Named(string agencyKey, RoutingTable routing) => new(agencyKey, routing.FindAgency(agencyKey)?.PersianName ?? agencyKey);
}

internal sealed record AssessmentView(string Sentiment, double SentimentConfidence, string Topic, double TopicConfidence, bool NeedsReview, string ReviewReason, string RoutingReason);

/// <summary>
/// The public service and survey the feedback is about (the service's name as the sender gave it), and the counter
/// office that typed it in or served the citizen: its id and, when the catalogue of API clients has it, its name.
/// </summary>
internal sealed record SurveyView(string? ServiceCode, string? ServiceName, string? SurveyId, int? Rating, string? CounterOffice, string? CounterOfficeName);

/// <summary>
/// The current agency's deadlines for the item (Jalali and in «تا پایان …» wording), and the breaches flagged for it
/// (any agency's).
/// </summary>
internal sealed record SlaView(string AcknowledgeBy, string ResolveBy, string AcknowledgeUntil, string ResolveUntil, IReadOnlyList<SlaFlagView> Breaches)
{
    public static SlaView Of(FeedbackItem item, SlaPolicy sla, DateTimeOffset now)
    {
        var acknowledgeBy = sla.DueAt(SlaKind.Acknowledge, item, now);
        var resolveBy = sla.DueAt(SlaKind.Resolve, item, now);
        return new(
            TehranTime.JalaliText(acknowledgeBy),
            TehranTime.JalaliText(resolveBy),
            SlaDeadline.Until(acknowledgeBy),
            SlaDeadline.Until(resolveBy),
            [.. item.SlaFlags.Select(flag => new SlaFlagView(SlaFlag.Key(flag.Kind), flag.AgencyKey, TehranTime.JalaliText(flag.DueAt), TehranTime.JalaliText(flag.FlaggedAt)))]);
    }
}

/// <summary>A question staff asked the citizen, until when the agency waits for it, and the answer when it came.</summary>
internal sealed record QuestionView(string AskedAt, string Question, string WaitUntil, string? AnsweredAt, string? Answer);

internal sealed record SlaFlagView(string Kind, string Agency, string DueAt, string FlaggedAt);

internal sealed record ReassignmentView(string At, NamedKey From, NamedKey To, string Reason);

internal sealed record CorrectionView(string At, string FromSentiment, string ToSentiment, string FromTopic, string ToTopic);

internal sealed record StepView(string At, string Status, string Note);

/// <summary>The text as the citizen wrote it; masked says whether the stored text had personal data masked out.</summary>
internal sealed record OriginalTextView(string Text, bool Masked);
