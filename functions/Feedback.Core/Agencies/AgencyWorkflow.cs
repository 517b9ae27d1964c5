using Feedback.Classification.Taxonomy;
using Feedback.Core.Input;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Routing;

namespace Feedback.Core.Agencies;

/// <summary>What applying an <see cref="AgencyAction"/> to an item came to.</summary>
public abstract record WorkflowOutcome
{
    private WorkflowOutcome()
    {
    }

    /// <summary>The item as it is after the action.</summary>
    public sealed record Changed(FeedbackItem Item) : WorkflowOutcome;

    /// <summary>The action's input is wrong (an empty reply, an unknown agency): nothing changed.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : WorkflowOutcome;

    /// <summary>The item's status does not allow the action (it is closed, or already acknowledged): nothing changed.</summary>
    public sealed record NotNow(string Reason) : WorkflowOutcome;
}

/// <summary>
/// The agency workflow's rules, pure: which action each status allows, and the item each action makes.
/// Routed → Acknowledged → InProgress → Resolved or Rejected; an open item can skip steps (resolve straight
/// from Routed) or be reassigned, which makes it Routed at the new agency with a fresh SLA clock. Resolved and
/// Rejected are final. Feedback (<see cref="FeedbackStatus.Recorded"/>) can be made a case, and an open case feedback. Labels can be corrected on any routed item, open or closed. Every status change adds a
/// history step in Persian, which the citizen's status page shows: replies and rejection reasons are meant for the citizen.
/// </summary>
public static class AgencyWorkflow
{
    /// <summary>The longest reply or rejection reason: the status page shows it whole, the SMS as much as fits.</summary>
    public const int MaxReplyLength = 1000;

    public const int MaxReassignReasonLength = 500;

    /// <summary>The longest question to a citizen: it goes whole, within <see cref="Notifications.SmsTemplates.MaxResolutionSegments"/> segments.</summary>
    public const int MaxQuestionLength = 200;

    /// <summary>The history note of the step that attaches the citizen's answer to a question (the status page shows it).</summary>
    public const string AnswerNote = "پاسخ شهروند به پرسش دستگاه رسید";

    private static readonly FeedbackStatus[] OpenStatuses = [FeedbackStatus.Routed, FeedbackStatus.Acknowledged, FeedbackStatus.InProgress];

    /// <summary>Whether an agency still owes the citizen an answer.</summary>
    public static bool IsOpen(FeedbackStatus status) => OpenStatuses.Contains(status);

    public static IReadOnlyList<FeedbackStatus> Open => OpenStatuses;

    /// <summary>
    /// When the item's SLA clock started at the agency it is assigned to now: its last reassignment, its last
    /// turn from feedback into a case or its last reopening by the citizen, whichever is latest; else its routing, else its receipt.
    /// </summary>
    public static DateTimeOffset AssignedAt(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        DateTimeOffset? reassigned = item.Reassignments.Count > 0 ? item.Reassignments[^1].At : null;
        var madeCase = item.KindChanges.LastOrDefault(change => change.To == ItemKind.Case)?.At;
        var reopened = item.ResolutionAnswers.LastOrDefault(answer => answer.Reopened)?.At;
        if (reassigned is not null || madeCase is not null || reopened is not null)
            return new[] { reassigned, madeCase, reopened }.Max()!.Value;
        return item.History.FirstOrDefault(step => step.Status == FeedbackStatus.Routed)?.At ?? item.ReceivedAt;
    }

    /// <summary>
    /// How long, up to <paramref name="now"/>, the agency has waited for the citizen's answers since the SLA clock of
    /// its current assignment started: its deadlines move by that much.
    /// </summary>
    public static TimeSpan WaitedForCitizen(FeedbackItem item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        var assignedAt = AssignedAt(item);
        return item.Questions.Where(question => question.At >= assignedAt).Aggregate(TimeSpan.Zero, (total, question) => total + question.Waited(now));
    }

    /// <summary>The names of the actions the item's status allows now (see <see cref="AgencyAction.Names"/>).</summary>
    public static IReadOnlyList<string> AllowedActions(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Assessment is null)
            return [];
        return item.Status switch
        {
            FeedbackStatus.Routed => ["acknowledge", "start", "resolve", "reject", "reassign", "correct", "to-feedback", .. Asking(item)],
            FeedbackStatus.Acknowledged => ["start", "resolve", "reject", "reassign", "correct", "to-feedback", .. Asking(item)],
            FeedbackStatus.InProgress => ["resolve", "reject", "reassign", "correct", "to-feedback", .. Asking(item)],
            FeedbackStatus.Recorded => ["reassign", "correct", "to-case"],
            _ => ["correct"],
        };
    }

    /// <summary>A citizen who left a phone number can be asked.</summary>
    private static string[] Asking(FeedbackItem item) => item.EncryptedPhone is not null && item.PhoneHash is not null ? ["ask"] : [];

    /// <param name="staffId">The acting member of staff's user id, recorded with reassignments and corrections.</param>
    /// <param name="routing">The agencies a reassignment may name.</param>
    public static WorkflowOutcome Apply(FeedbackItem item, AgencyAction action, string staffId, DateTimeOffset now, RoutingTable routing)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(staffId);
        ArgumentNullException.ThrowIfNull(routing);
        if (item.Assessment is null)
            return new WorkflowOutcome.NotNow("the item has not been routed to an agency yet");
        if (!AllowedActions(item).Contains(action.Name))
            return new WorkflowOutcome.NotNow($"an item that is {item.Status} cannot be given '{action.Name}'");

        return action switch
        {
            AgencyAction.Acknowledge => new WorkflowOutcome.Changed(Moved(item, FeedbackStatus.Acknowledged, now, "دستگاه رسیدگی‌کننده پیام را رؤیت کرد") with { AcknowledgedAt = now }),
            AgencyAction.StartWork => new WorkflowOutcome.Changed(Moved(item, FeedbackStatus.InProgress, now, "رسیدگی به پیام آغاز شد") with { AcknowledgedAt = item.AcknowledgedAt ?? now }),
            AgencyAction.Resolve resolve => Close(resolve.Reply, "reply", reply =>
                Moved(item, FeedbackStatus.Resolved, now, $"رسیدگی شد. پاسخ دستگاه: {reply}") with { AgencyReply = reply, ClosedAt = now, AcknowledgedAt = item.AcknowledgedAt ?? now }),
            AgencyAction.Reject reject => Close(reject.Reason, "reason", reason =>
                Moved(item, FeedbackStatus.Rejected, now, $"پذیرفته نشد. دلیل: {reason}") with { RejectionReason = reason, ClosedAt = now, AcknowledgedAt = item.AcknowledgedAt ?? now }),
            AgencyAction.Reassign reassign => Reassign(item, reassign, staffId, now, routing),
            AgencyAction.CorrectLabels correct => Correct(item, correct, staffId, now),
            AgencyAction.MakeCase => new WorkflowOutcome.Changed(ChangeKind(item, ItemKind.Case, staffId, now, routing)),
            AgencyAction.MakeFeedback => new WorkflowOutcome.Changed(ChangeKind(item, ItemKind.Feedback, staffId, now, routing)),
            AgencyAction.Ask ask => Ask(item, ask, staffId, now),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not an agency action."),
        };
    }

    /// <summary>
    /// The question goes to the citizen by SMS (the step's status SMS is the question) and the agency waits for the
    /// answer until the window ends, its SLA clock standing still meanwhile (<see cref="WaitedForCitizen"/>). Asking is
    /// working on the case: a routed or acknowledged case is in progress from now.
    /// </summary>
    private static WorkflowOutcome Ask(FeedbackItem item, AgencyAction.Ask ask, string staffId, DateTimeOffset now)
    {
        if (item.Questions.Count > 0 && item.Questions[^1].IsAwaited(now))
            return new WorkflowOutcome.NotNow("the citizen has not answered the last question yet");
        if (ask.Wait <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ask), ask.Wait, "The wait for an answer must be positive.");
        var (question, errors) = CitizenFacingText(ask.Question, "question", MaxQuestionLength);
        if (question is null)
            return new WorkflowOutcome.Invalid(errors);
        var asked = new CitizenQuestion(now, question, staffId, now + ask.Wait);
        return new WorkflowOutcome.Changed(Moved(item, FeedbackStatus.InProgress, now, QuestionNote(question)) with
        {
            AcknowledgedAt = item.AcknowledgedAt ?? now,
            Questions = [.. item.Questions, asked],
        });
    }

    /// <summary>
    /// The citizen's SMS answers the question the agency is waiting on: it is attached to the case, which is back in
    /// the agency's hands (its SLA clock runs again). Nothing changes when no question is awaited any more (answered,
    /// its window over, or the case closed meanwhile): the SMS is then feedback of its own.
    /// </summary>
    /// <param name="answer">The SMS's text, personal data masked as every stored text is.</param>
    public static WorkflowOutcome AttachAnswer(FeedbackItem item, string answer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentException.ThrowIfNullOrWhiteSpace(answer);
        if (!IsOpen(item.Status) || item.Questions.Count == 0 || !item.Questions[^1].IsAwaited(now))
            return new WorkflowOutcome.NotNow("no question to the citizen awaits an answer");
        var answered = item.Questions[^1] with { AnsweredAt = now, Answer = answer };
        return new WorkflowOutcome.Changed(Moved(item, item.Status, now, AnswerNote) with
        {
            Questions = [.. item.Questions.SkipLast(1), answered],
        });
    }

    /// <summary>
    /// The citizen answered the resolution survey: the rating is kept on the item; a low one or «حل نشد»
    /// (<see cref="ResolutionReply.Reopens"/>) reopens the case at its agency with a new SLA clock, and the agency
    /// finds it back in its inbox. One answer per resolution: a second reply changes nothing.
    /// </summary>
    public static WorkflowOutcome AnswerResolution(FeedbackItem item, ResolutionReply reply, string? text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!reply.IsAnswer)
            throw new ArgumentException("Not an answer to a resolution survey.", nameof(reply));
        var resolvedAt = item.History.LastOrDefault(step => step.Status == FeedbackStatus.Resolved)?.At;
        if (item.Status != FeedbackStatus.Resolved || resolvedAt is null || item.ResolutionAnswers.Any(answer => answer.At >= resolvedAt))
            return new WorkflowOutcome.NotNow("the case is not resolved, or its resolution was rated already");
        var answer = new ResolutionAnswer(now, reply.Rating, reply.NotFixed, reply.Reopens, string.IsNullOrWhiteSpace(text) ? null : text);
        var rated = item with { ResolutionRating = reply.Rating, ResolutionAnswers = [.. item.ResolutionAnswers, answer] };
        if (!reply.Reopens)
            return new WorkflowOutcome.Changed(rated);
        return new WorkflowOutcome.Changed(Moved(rated, FeedbackStatus.Routed, now, "به گفته شهروند مشکل حل نشده است؛ پرونده دوباره باز شد") with
        {
            ReopenCount = item.ReopenCount + 1,
            ClosedAt = null,
            AcknowledgedAt = null,
        });
    }

    /// <summary>The history note of the step that asks the citizen <paramref name="question"/>.</summary>
    public static string QuestionNote(string question) => $"از شهروند پرسیده شد: {question}";

    private static FeedbackItem Moved(FeedbackItem item, FeedbackStatus status, DateTimeOffset now, string note) =>
        item with { Status = status, History = [.. item.History, new StatusChange(now, status, note)] };

    /// <summary>Closes the item with the citizen-facing text (a reply or a reason), when the text is acceptable.</summary>
    private static WorkflowOutcome Close(string? text, string field, Func<string, FeedbackItem> close)
    {
        var (cleaned, errors) = CitizenFacingText(text, field, MaxReplyLength);
        return cleaned is null ? new WorkflowOutcome.Invalid(errors) : new WorkflowOutcome.Changed(close(cleaned));
    }

    private static WorkflowOutcome Reassign(FeedbackItem item, AgencyAction.Reassign reassign, string staffId, DateTimeOffset now, RoutingTable routing)
    {
        var assessment = item.Assessment!;
        var errors = new List<FieldError>();
        var target = string.IsNullOrWhiteSpace(reassign.AgencyKey) ? null : routing.FindAgency(reassign.AgencyKey.Trim());
        if (target is null)
            errors.Add(new FieldError("agency", "Name an agency of the routing data to reassign the item to."));
        else if (target.ProvinceKey != item.Province)
            errors.Add(new FieldError("agency", $"Agency {target.Key} serves another province; the item stays in {item.Province}."));
        else if (target.Key == assessment.AgencyKey)
            errors.Add(new FieldError("agency", "The item is already this agency's."));
        var (reason, reasonErrors) = CitizenFacingText(reassign.Reason, "reason", MaxReassignReasonLength);
        errors.AddRange(reasonErrors);
        if (errors.Count > 0)
            return new WorkflowOutcome.Invalid(errors);

        var mistake = new Reassignment(now, assessment.AgencyKey, target!.Key, assessment.Topic, reason!, staffId);
        // Feedback stays feedback at its new agency: it asks nothing of that one either.
        var status = item.Status == FeedbackStatus.Recorded ? FeedbackStatus.Recorded : FeedbackStatus.Routed;
        return new WorkflowOutcome.Changed(item with
        {
            Status = status,
            Assessment = assessment with { AgencyKey = target.Key, RoutingReason = $"Reassigned by staff from {assessment.AgencyKey} to {target.Key}." },
            AcknowledgedAt = null,
            Reassignments = [.. item.Reassignments, mistake],
            History = [.. item.History, new StatusChange(now, status, $"به {target.PersianName} ارجاع شد")],
        });
    }

    /// <summary>
    /// Feedback made a case is routed again at its agency (its SLA clock starts now, <see cref="AssignedAt"/>); a
    /// case made feedback is recorded and closed, and its SLA stops.
    /// </summary>
    private static FeedbackItem ChangeKind(FeedbackItem item, ItemKind kind, string staffId, DateTimeOffset now, RoutingTable routing)
    {
        var assessment = item.Assessment!;
        var agency = routing.FindAgency(assessment.AgencyKey)?.PersianName ?? assessment.AgencyKey;
        var change = new KindChange(now, assessment.Kind, kind, staffId);
        var changed = item with
        {
            Assessment = assessment with { Kind = kind, KindReason = CaseRule.Staff },
            KindChanges = [.. item.KindChanges, change],
        };
        return kind == ItemKind.Case
            ? Moved(changed, FeedbackStatus.Routed, now, $"برای رسیدگی به {agency} ارجاع شد") with { AcknowledgedAt = null, ClosedAt = null }
            : Moved(changed, FeedbackStatus.Recorded, now, $"به‌عنوان نظر شهروند نزد {agency} ثبت شد؛ سپاسگزاریم") with { ClosedAt = now };
    }

    private static WorkflowOutcome Correct(FeedbackItem item, AgencyAction.CorrectLabels correct, string staffId, DateTimeOffset now)
    {
        var assessment = item.Assessment!;
        var errors = new List<FieldError>();
        var sentiment = correct.Sentiment?.Trim();
        var topic = correct.Topic?.Trim();
        if (string.IsNullOrEmpty(sentiment) && string.IsNullOrEmpty(topic))
            errors.Add(new FieldError("body", "Give a sentiment, a topic or both."));
        if (!string.IsNullOrEmpty(sentiment) && FeedbackTaxonomy.SentimentIndex(sentiment) < 0)
            errors.Add(new FieldError("sentiment", $"Not a sentiment key; one of {string.Join(", ", FeedbackTaxonomy.SentimentKeys)}."));
        if (!string.IsNullOrEmpty(topic) && FeedbackTaxonomy.TopicIndex(topic) < 0)
            errors.Add(new FieldError("topic", $"Not a topic key; one of {string.Join(", ", FeedbackTaxonomy.TopicKeys)}."));
        if (errors.Count > 0)
            return new WorkflowOutcome.Invalid(errors);

        var newSentiment = string.IsNullOrEmpty(sentiment) ? assessment.Sentiment : sentiment;
        var newTopic = string.IsNullOrEmpty(topic) ? assessment.Topic : topic;
        var correction = new LabelCorrection(now, assessment.Sentiment, newSentiment, assessment.Topic, newTopic, staffId);
        // A person has now looked at the labels: they are certain, and no longer need review.
        return new WorkflowOutcome.Changed(item with
        {
            Assessment = assessment with
            {
                Sentiment = newSentiment,
                SentimentProbability = string.IsNullOrEmpty(sentiment) ? assessment.SentimentProbability : 1.0,
                Topic = newTopic,
                TopicProbability = string.IsNullOrEmpty(topic) ? assessment.TopicProbability : 1.0,
                NeedsReview = false,
            },
            LabelCorrections = [.. item.LabelCorrections, correction],
        });
    }

    /// <summary>Text staff write for a citizen: required, at most <paramref name="maxLength"/>, no control characters.</summary>
    private static (string? Text, IReadOnlyList<FieldError> Errors) CitizenFacingText(string? text, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
            return (null, [new FieldError(field, $"A {field} is required.")]);
        var validation = FeedbackText.Validate(text, field);
        if (!validation.IsValid)
            return (null, validation.Errors);
        return validation.Text.Length > maxLength
            ? (null, [new FieldError(field, $"The text has {validation.Text.Length} characters; at most {maxLength} are allowed.")])
            : (validation.Text, []);
    }
}
