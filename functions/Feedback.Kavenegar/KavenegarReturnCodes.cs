using System.Collections.Frozen;

namespace Feedback.Kavenegar;

/// <summary>One of Kavenegar's documented failure return statuses (<c>return.status</c>), what it means and what it means for a caller.</summary>
public sealed record KavenegarReturnCode(int Status, KavenegarFailureKind Kind, string Meaning);

/// <summary>
/// Kavenegar's documented return statuses (its REST reference, "return codes"), each classified into a
/// <see cref="KavenegarFailureKind"/>. Kavenegar answers a failure with the same number as its HTTP status and in <c>return.status</c>.
/// </summary>
public static class KavenegarReturnCodes
{
    /// <summary>The request was accepted.</summary>
    public const int Success = 200;

    /// <summary>The server cannot answer now; the only documented status worth retrying.</summary>
    public const int ServerBusy = 409;

    /// <summary>The account's credit is not enough.</summary>
    public const int InsufficientCredit = 418;

    /// <summary>The API key is not valid.</summary>
    public const int InvalidApiKey = 403;

    /// <summary>
    /// "The operation failed", with no reason given. Nothing documents it as permanent, and for a send it does not say whether
    /// anything went out: the client takes it as transient and, for a send, as an unknown outcome.
    /// </summary>
    public const int OperationFailed = 402;

    /// <summary>Links in texts are restricted for this account: every SMS with a link fails until the account is cleared.</summary>
    public const int LinksRestricted = 420;

    private static readonly FrozenDictionary<int, KavenegarReturnCode> Table = new KavenegarReturnCode[]
    {
        new(400, KavenegarFailureKind.Permanent, "parameters are incomplete"),
        new(401, KavenegarFailureKind.Configuration, "the account is disabled"),
        new(OperationFailed, KavenegarFailureKind.Transient, "the operation failed (no reason given; not documented as permanent)"),
        new(InvalidApiKey, KavenegarFailureKind.Configuration, "the API key is not valid"),
        new(404, KavenegarFailureKind.Configuration, "the method is unknown"),
        new(405, KavenegarFailureKind.Configuration, "the HTTP method (GET/POST) is wrong"),
        new(406, KavenegarFailureKind.Permanent, "required parameters were sent empty"),
        new(407, KavenegarFailureKind.Configuration, "this account may not access the requested data"),
        new(ServerBusy, KavenegarFailureKind.Transient, "the server cannot answer now; try again later"),
        new(411, KavenegarFailureKind.Permanent, "the receptor is not valid"),
        new(412, KavenegarFailureKind.Configuration, "the sender line is not valid"),
        new(413, KavenegarFailureKind.Permanent, "the message is empty or longer than allowed"),
        new(414, KavenegarFailureKind.Permanent, "too many records in one call (200 messages to send, 500 ids to look up)"),
        new(415, KavenegarFailureKind.Permanent, "the start index is beyond the number of records"),
        new(416, KavenegarFailureKind.Configuration, "the calling IP address does not match the account's settings"),
        new(417, KavenegarFailureKind.Permanent, "the send date is not valid"),
        new(InsufficientCredit, KavenegarFailureKind.InsufficientCredit, "the account's credit is not enough"),
        new(419, KavenegarFailureKind.Permanent, "the text, receptor and sender arrays differ in length"),
        new(LinksRestricted, KavenegarFailureKind.Configuration, "links in the message text are restricted for this account"),
        new(422, KavenegarFailureKind.Permanent, "the data holds characters that cannot be processed"),
        new(424, KavenegarFailureKind.Configuration, "the verify template was not found"),
        new(426, KavenegarFailureKind.Configuration, "this method needs Kavenegar's advanced service"),
        new(427, KavenegarFailureKind.Configuration, "this line needs an access level to be granted"),
        new(428, KavenegarFailureKind.Permanent, "the code cannot be sent by a voice call"),
        new(429, KavenegarFailureKind.Throttled, "the calling IP address is restricted"),
        new(431, KavenegarFailureKind.Permanent, "the token's structure is not valid (spaces, new lines or separators)"),
        new(432, KavenegarFailureKind.Configuration, "the template has no code parameter"),
        new(451, KavenegarFailureKind.Throttled, "too many calls in a period: the calling IP address is restricted"),
        new(501, KavenegarFailureKind.Configuration, "a test account may send only to its owner's number"),
        new(607, KavenegarFailureKind.Permanent, "the tag name is not valid"),
    }.ToFrozenDictionary(code => code.Status);

    /// <summary>Every documented failure status, with its classification.</summary>
    public static IReadOnlyCollection<KavenegarReturnCode> Documented => Table.Values;

    /// <summary>
    /// What a failure status means for the caller. An undocumented status is taken as Kavenegar's own trouble when it is 5xx
    /// (<see cref="KavenegarFailureKind.Transient"/>) and as a refusal of this request otherwise (<see cref="KavenegarFailureKind.Permanent"/>).
    /// </summary>
    public static KavenegarFailureKind Classify(int status) =>
        Table.TryGetValue(status, out var code) ? code.Kind
        : status is >= 500 and < 600 ? KavenegarFailureKind.Transient
        : KavenegarFailureKind.Permanent;

    /// <summary>The documented meaning of a status, or null when it is not documented.</summary>
    public static string? Describe(int status) => Table.TryGetValue(status, out var code) ? code.Meaning : null;
}
