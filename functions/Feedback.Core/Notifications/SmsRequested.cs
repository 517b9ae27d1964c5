namespace Feedback.Core.Notifications;

/// <summary>Why an SMS goes out. Confirmations answer something the citizen just sent, so they ignore quiet hours and the daily cap.</summary>
public enum SmsKind
{
    Acknowledgement,
    StatusUpdate,
    Survey,
    OptOutConfirmation,
    OptInConfirmation,
}

/// <summary>
/// The message on the notifications queue: one SMS to one citizen, its text final. <see cref="Key"/> names
/// the SMS for good ("1234567890-ack"): however often the message is delivered, deferred or replayed, one
/// key is sent at most once. The phone travels encrypted, never in plain text.
/// </summary>
public sealed record SmsRequested(string Key, SmsKind Kind, string EncryptedPhone, string PhoneHash, string Text)
{
    public bool IsConfirmation => Kind is SmsKind.OptOutConfirmation or SmsKind.OptInConfirmation;
}
