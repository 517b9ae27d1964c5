using System.Collections.Frozen;

namespace Feedback.Kavenegar;

/// <summary>Where an SMS is on its way to the citizen, in the project's own terms (Kavenegar's status numbers map onto these).</summary>
public enum SmsDeliveryState
{
    /// <summary>Kavenegar does not know the message id (or used a status it does not document): nothing can be said.</summary>
    Unknown,

    /// <summary>Waiting at Kavenegar, now or until its scheduled date.</summary>
    Queued,

    /// <summary>Handed to the telecom operator; no delivery report yet.</summary>
    Sent,

    /// <summary>Delivered to the citizen's phone.</summary>
    Delivered,

    /// <summary>Not delivered and never will be: the line failed, the phone stayed off or out of reach, or it was cancelled.</summary>
    Failed,

    /// <summary>The citizen's number refuses SMS from such lines (opted out): callers mark the number opted out.</summary>
    Blocked,
}

/// <summary>One of Kavenegar's documented delivery statuses (<c>status</c> of a message) and its meaning.</summary>
public sealed record KavenegarDeliveryStatus(int Status, SmsDeliveryState State, bool IsFinal, string Meaning);

/// <summary>
/// Kavenegar's documented delivery statuses mapped onto <see cref="SmsDeliveryState"/>. Final statuses never change again, so
/// a poller stops asking about them: 6, 10, 13, 14 and 100. Statuses 1, 2, 4 and 5 are still on their way, and so may be 11:
/// with the account's "resend failed" setting on, Kavenegar sends an undelivered message again and may report it later as 10.
/// Some messages stay at 4 or 5 for good, and after 48 hours Kavenegar answers 100 for every id (its reference: sms/status
/// covers 48 hours), so a poller needs an age limit of its own.
/// </summary>
public static class KavenegarDeliveryStatuses
{
    /// <summary>Kavenegar does not know this message id: not this account's, or older than the 48 hours sms/status covers.</summary>
    public const int UnknownMessage = 100;

    /// <summary>How long after sending Kavenegar reports a message's status (sms/status).</summary>
    public static readonly TimeSpan StatusWindow = TimeSpan.FromHours(48);

    /// <summary>How long Kavenegar remembers a local id: it does not send one twice, and sms/statuslocalmessageid finds it.</summary>
    public static readonly TimeSpan LocalIdWindow = TimeSpan.FromHours(12);

    private static readonly FrozenDictionary<int, KavenegarDeliveryStatus> Table = new KavenegarDeliveryStatus[]
    {
        new(1, SmsDeliveryState.Queued, false, "in Kavenegar's send queue"),
        new(2, SmsDeliveryState.Queued, false, "scheduled for its send date"),
        new(4, SmsDeliveryState.Sent, false, "handed to the telecom operator"),
        new(5, SmsDeliveryState.Sent, false, "handed to the telecom operator"),
        new(6, SmsDeliveryState.Failed, true, "the sending line failed to send it"),
        new(10, SmsDeliveryState.Delivered, true, "delivered to the recipient"),
        new(11, SmsDeliveryState.Failed, false, "not delivered: the phone was off or out of reach (sent again when the account resends failed messages)"),
        new(13, SmsDeliveryState.Failed, true, "cancelled, or it could not be sent; its cost was refunded"),
        new(14, SmsDeliveryState.Blocked, true, "blocked: the recipient refuses advertising lines; its cost was refunded"),
        new(UnknownMessage, SmsDeliveryState.Unknown, true, "Kavenegar does not know this message id (not this account's, or past its status window)"),
    }.ToFrozenDictionary(status => status.Status);

    /// <summary>Every documented delivery status.</summary>
    public static IReadOnlyCollection<KavenegarDeliveryStatus> Documented => Table.Values;

    /// <summary>The state a status stands for; an undocumented status is <see cref="SmsDeliveryState.Unknown"/>.</summary>
    public static SmsDeliveryState ToState(int status) => Table.TryGetValue(status, out var known) ? known.State : SmsDeliveryState.Unknown;

    /// <summary>Whether the status will never change again; an undocumented status is not taken as final.</summary>
    public static bool IsFinal(int status) => Table.TryGetValue(status, out var known) && known.IsFinal;

    /// <summary>The documented meaning of a status, or null when it is not documented.</summary>
    public static string? Describe(int status) => Table.TryGetValue(status, out var known) ? known.Meaning : null;
}
