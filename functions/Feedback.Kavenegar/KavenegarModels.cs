namespace Feedback.Kavenegar;

/// <summary>
/// A message as Kavenegar reports it after <c>sms/send</c>, <c>sms/sendarray</c> or <c>verify/lookup</c>: its id (for status
/// look-ups and delivery reports), its status, when it was (or will be) sent and what it cost in Rials.
/// </summary>
/// <remarks><see cref="ToString"/> leaves out the receptor and the text, so a message that ends up in a log discloses neither.</remarks>
public sealed record KavenegarMessage(
    long MessageId,
    string Receptor,
    string? Sender,
    string? Text,
    int Status,
    string? StatusText,
    DateTimeOffset? Date,
    long? Cost)
{
    /// <summary>The project's reading of <see cref="Status"/>.</summary>
    public SmsDeliveryState State => KavenegarDeliveryStatuses.ToState(Status);

    /// <summary>Whether <see cref="Status"/> will never change again.</summary>
    public bool IsFinal => KavenegarDeliveryStatuses.IsFinal(Status);

    public override string ToString() => $"KavenegarMessage {{ MessageId = {MessageId}, Status = {Status}, State = {State} }}";
}

/// <summary>A message's delivery status from <c>sms/status</c>.</summary>
public sealed record KavenegarMessageStatus(long MessageId, int Status, string? StatusText)
{
    /// <summary>The project's reading of <see cref="Status"/>.</summary>
    public SmsDeliveryState State => KavenegarDeliveryStatuses.ToState(Status);

    /// <summary>Whether <see cref="Status"/> will never change again, so polling for it can stop.</summary>
    public bool IsFinal => KavenegarDeliveryStatuses.IsFinal(Status);
}

/// <summary>The account's remaining credit (Rials) and expiry, from <c>account/info</c>.</summary>
public sealed record KavenegarAccountInfo(long RemainingCredit, DateTimeOffset? ExpiresAt, string? AccountType);

/// <summary>
/// One message of a <c>sms/sendarray</c> call. <paramref name="Sender"/> falls back to <see cref="KavenegarOptions.Sender"/>.
/// <paramref name="LocalId"/> is the caller's own id for the message: Kavenegar sends a local id only once and answers a
/// repeat with the message it already has, so a retried call cannot send it twice.
/// </summary>
/// <remarks><see cref="ToString"/> leaves out the receptor and the text.</remarks>
public sealed record KavenegarOutgoingMessage(string Receptor, string Text, string? Sender = null, long? LocalId = null)
{
    public override string ToString() => $"KavenegarOutgoingMessage {{ LocalId = {LocalId} }}";
}

/// <summary>A message's status by the caller's local id, from <c>sms/statuslocalmessageid</c>; <see cref="MessageId"/> is 0 when Kavenegar does not know the local id.</summary>
public sealed record KavenegarLocalMessageStatus(long LocalId, long MessageId, int Status)
{
    /// <summary>Whether Kavenegar has a message for this local id: it was sent (or is on its way).</summary>
    public bool IsKnown => MessageId > 0 && Status != KavenegarDeliveryStatuses.UnknownMessage;
}

/// <summary>An SMS a citizen sent to one of the account's lines, from <c>sms/receive</c>.</summary>
/// <remarks><see cref="ToString"/> leaves out the sender and the text.</remarks>
public sealed record KavenegarInboundMessage(long MessageId, string Sender, string Receptor, string Text, DateTimeOffset? Date)
{
    public override string ToString() => $"KavenegarInboundMessage {{ MessageId = {MessageId} }}";
}
