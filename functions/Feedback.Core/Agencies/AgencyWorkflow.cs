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
/// Rejected are final. Labels can be corrected on any routed item, open or closed. Every status change adds a
/// history step in Persian, which the citizen's status page shows: replies and rejection reasons are meant for the citizen.
/// </summary>
public static class AgencyWorkflow
{
    /// <summary>The longest reply or rejection reason: the status page shows it whole, the SMS as much as fits.</summary>
    public const int MaxReplyLength = 1000;

    public const int MaxReassignReasonLength = 500;

    private static readonly FeedbackStatus[] OpenStatuses = [FeedbackStatus.Routed, FeedbackStatus.Acknowledged, FeedbackStatus.InProgress];

    /// <summary>Whether an agency still owes the citizen an answer.</summary>
    public static bool IsOpen(FeedbackStatus status) => OpenStatuses.Contains(status);

    public static IReadOnlyList<FeedbackStatus> Open => OpenStatuses;

    /// <summary>When the item reached the agency it is assigned to now: its last reassignment, else its routing, else its receipt.</summary>
    public static DateTimeOffset AssignedAt(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Reassignments.Count > 0)
            return item.Reassignments[^1].At;
        return item.History.FirstOrDefault(step => step.Status == FeedbackStatus.Routed)?.At ?? item.ReceivedAt;
    }

    /// <summary>The names of the actions the item's status allows now (see <see cref="AgencyAction.Names"/>).</summary>
    public static IReadOnlyList<string> AllowedActions(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Assessment is null)
            return [];
        return item.Status switch
        {
            FeedbackStatus.Routed => ["acknowledge", "start", "resolve", "reject", "reassign", "correct"],
            FeedbackStatus.Acknowledged => ["start", "resolve", "reject", "reassign", "correct"],
            FeedbackStatus.InProgress => ["resolve", "reject", "reassign", "correct"],
            _ => ["correct"],
        };
    }

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
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not an agency action."),
        };
    }

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
        return new WorkflowOutcome.Changed(item with
        {
            Status = FeedbackStatus.Routed,
            Assessment = assessment with { AgencyKey = target.Key, RoutingReason = $"Reassigned by staff from {assessment.AgencyKey} to {target.Key}." },
            AcknowledgedAt = null,
            Reassignments = [.. item.Reassignments, mistake],
            History = [.. item.History, new StatusChange(now, FeedbackStatus.Routed, $"به {target.PersianName} ارجاع شد")],
        });
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
