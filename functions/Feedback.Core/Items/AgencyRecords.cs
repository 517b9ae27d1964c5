namespace Feedback.Core.Items;

/// <summary>
/// A routing mistake staff corrected: the item moved from <see cref="FromAgency"/>'s inbox to <see cref="ToAgency"/>'s,
/// with the reason they gave. Kept on the item, so the routing rules can be improved from real mistakes.
/// </summary>
/// <param name="By">The member of staff's user id (never a name or contact detail).</param>
public sealed record Reassignment(DateTimeOffset At, string FromAgency, string ToAgency, string Topic, string Reason, string By);

/// <summary>
/// Staff set the item's sentiment and topic (correcting or confirming the classifier's): labelled data for
/// retraining. Both the labels before and after are kept.
/// </summary>
public sealed record LabelCorrection(DateTimeOffset At, string FromSentiment, string ToSentiment, string FromTopic, string ToTopic, string By);

/// <summary>Staff turned the item from feedback into a case (a fresh SLA clock starts <see cref="At"/>) or from a case into feedback.</summary>
/// <param name="By">The member of staff's user id.</param>
public sealed record KindChange(DateTimeOffset At, ItemKind From, ItemKind To, string By);

/// <summary>The two service-level targets an agency has for each item it is assigned.</summary>
public enum SlaKind
{
    /// <summary>Acknowledge (or start work on) the item.</summary>
    Acknowledge,

    /// <summary>Close the item: resolve or reject it.</summary>
    Resolve,
}

/// <summary>
/// An agency missed a target for the item: flagged by the SLA timer once per assignment and kind
/// (<see cref="AgencyKey"/> and <see cref="AssignedAt"/> name the assignment), and escalated to the governorate.
/// </summary>
public sealed record SlaFlag(SlaKind Kind, string AgencyKey, DateTimeOffset AssignedAt, DateTimeOffset DueAt, DateTimeOffset FlaggedAt)
{
    /// <summary>"acknowledge" or "resolve": the kind as rows, APIs and the dashboard name it.</summary>
    public static string Key(SlaKind kind) => kind switch
    {
        SlaKind.Acknowledge => "acknowledge",
        SlaKind.Resolve => "resolve",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an SLA kind."),
    };
}

/// <summary>
/// The citizen answered a resolution survey: a <see cref="Rating"/> 1–5 («حل نشد» and its like count as 1, with
/// <see cref="NotFixed"/>), and what else they wrote, masked. <see cref="Reopened"/> when the answer reopened the case
/// (a new SLA clock starts <see cref="At"/>).
/// </summary>
public sealed record ResolutionAnswer(DateTimeOffset At, int? Rating, bool NotFixed, bool Reopened, string? Text = null);

/// <summary>
/// Staff asked the citizen a question by SMS at <see cref="At"/>; the citizen's next SMS until <see cref="WaitUntil"/>
/// is its <see cref="Answer"/> (received <see cref="AnsweredAt"/>). While the agency waits the SLA clock stands still.
/// </summary>
/// <param name="By">The member of staff's user id.</param>
public sealed record CitizenQuestion(DateTimeOffset At, string Question, string By, DateTimeOffset WaitUntil, DateTimeOffset? AnsweredAt = null, string? Answer = null)
{
    /// <summary>When the wait ended, or will end: the answer, or the end of the window without one.</summary>
    private DateTimeOffset WaitEnd => AnsweredAt is { } answered && answered < WaitUntil ? answered : WaitUntil;

    /// <summary>Whether the agency is still waiting for the answer at <paramref name="now"/>.</summary>
    public bool IsAwaited(DateTimeOffset now) => AnsweredAt is null && now < WaitUntil;

    /// <summary>How long of the time up to <paramref name="now"/> the agency has waited for the answer.</summary>
    public TimeSpan Waited(DateTimeOffset now)
    {
        var end = WaitEnd < now ? WaitEnd : now;
        return end > At ? end - At : TimeSpan.Zero;
    }
}
