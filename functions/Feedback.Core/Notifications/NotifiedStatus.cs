namespace Feedback.Core.Notifications;

/// <summary>The agency's steps a citizen is told about by SMS.</summary>
public enum NotifiedStatus
{
    /// <summary>The agency has seen the item in its inbox.</summary>
    Acknowledged,

    InProgress,

    Resolved,

    /// <summary>The agency will not act on it (outside its remit, not actionable); its reply says why.</summary>
    Rejected,

    /// <summary>Staff moved it to another agency, which the SMS names.</summary>
    Reassigned,
}
