namespace Feedback.Kavenegar.StandIn;

/// <summary>
/// A message the stand-in accepted, as Kavenegar would hold it: what was asked for (receptor, text, sender line, local id,
/// template) and what became of it (id, parts, cost, delivery status).
/// </summary>
/// <param name="Endpoint">The method that sent it: <c>sms/send</c>, <c>sms/sendarray</c> or <c>verify/lookup</c>.</param>
/// <param name="Text">The text as the citizen gets it (for <c>verify/lookup</c>, the template with its tokens filled in).</param>
/// <param name="Parts">How many SMS parts the text takes; <see cref="Cost"/> is that times the stand-in's cost per part.</param>
public sealed record StandInMessage(
    long MessageId,
    string Endpoint,
    string Receptor,
    string Text,
    string? Sender,
    long? LocalId,
    string? Template,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? ScheduledAt,
    int Parts,
    long Cost,
    int Status);

/// <summary>
/// One request the stand-in received and how it answered, in arrival order: what tests count retries and read the sent
/// form fields from. The API key is not among <see cref="Fields"/> (it travels in the path); <see cref="ApiKeyAccepted"/>
/// says whether it matched.
/// </summary>
/// <param name="Endpoint">The method called, such as <c>sms/send</c>.</param>
/// <param name="Fields">The form (and query) fields as received, several values of one name joined with commas.</param>
/// <param name="HttpStatus">The HTTP status answered.</param>
/// <param name="ReturnStatus">The <c>return.status</c> answered, or null for a bare HTTP failure.</param>
public sealed record StandInCall(
    string Endpoint,
    bool ApiKeyAccepted,
    IReadOnlyDictionary<string, string> Fields,
    int HttpStatus,
    int? ReturnStatus);

/// <summary>
/// An SMS a citizen sent to one of the account's lines, as the stand-in holds it: <see cref="IsRead"/> once it was forwarded
/// to the app or fetched with <c>sms/receive</c>; <see cref="Forwarded"/> when the forward succeeded.
/// </summary>
public sealed record StandInInboundMessage(long MessageId, string From, string Line, string Text, DateTimeOffset ReceivedAt, bool IsRead, bool Forwarded);
