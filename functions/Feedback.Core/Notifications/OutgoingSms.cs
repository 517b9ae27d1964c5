using Feedback.Core.Privacy;

namespace Feedback.Core.Notifications;

/// <summary>
/// Where an SMS is: <see cref="Sending"/> while the provider is being asked (a crash there is resolved by the
/// provider's de-duplication on the key), then <see cref="Sent"/>, and finally <see cref="Delivered"/>,
/// <see cref="Failed"/>, <see cref="Blocked"/> (the citizen opted out, here or at the operator) or
/// <see cref="Unconfirmed"/>.
/// </summary>
public enum SmsState
{
    Queued,
    Sending,
    Sent,
    Delivered,
    Failed,
    Blocked,

    /// <summary>
    /// Sent, but no final delivery report came while the provider could still give one (it no longer knows the
    /// message, or the SMS is past <see cref="DeliveryReports.ReportWindow"/>): whether it arrived will never be known.
    /// </summary>
    Unconfirmed,
}

public sealed record SmsStateChange(DateTimeOffset At, SmsState State, string? Note);

/// <summary>One SMS the system sends, with its state and history. Stored under its <see cref="Key"/>.</summary>
public sealed record OutgoingSms
{
    public required string Key { get; init; }

    public required SmsKind Kind { get; init; }

    public required PhoneHash PhoneHash { get; init; }

    public required string EncryptedPhone { get; init; }

    public required string Text { get; init; }

    public required SmsState State { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? ProviderMessageId { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? FailureReason { get; init; }

    public IReadOnlyList<SmsStateChange> History { get; init; } = [];

    /// <summary>Nothing will change it any more except a delivery report.</summary>
    public bool IsSettled => State is SmsState.Sent or SmsState.Delivered or SmsState.Failed or SmsState.Blocked or SmsState.Unconfirmed;

    public bool IsFinal => State is SmsState.Delivered or SmsState.Failed or SmsState.Blocked or SmsState.Unconfirmed;

    public OutgoingSms Moved(SmsState state, DateTimeOffset at, string? note = null) =>
        this with { State = state, History = [.. History, new SmsStateChange(at, state, note)] };
}

/// <summary>What the system knows of one phone number: whether it opted out, its last survey, and what it was sent today (Tehran day).</summary>
public sealed record PhoneState(PhoneHash PhoneHash)
{
    public bool OptedOut { get; init; }

    public DateTimeOffset? OptedOutAt { get; init; }

    public DateTimeOffset? LastSurveyAt { get; init; }

    /// <summary>The Tehran day (yyyyMMdd) <see cref="SentOnCountDay"/> counts.</summary>
    public string? CountDay { get; init; }

    public int SentOnCountDay { get; init; }

    public int SentOn(string day) => CountDay == day ? SentOnCountDay : 0;

    public PhoneState CountedSend(string day) => this with { CountDay = day, SentOnCountDay = SentOn(day) + 1 };
}
