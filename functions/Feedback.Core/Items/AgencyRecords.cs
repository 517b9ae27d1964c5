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
