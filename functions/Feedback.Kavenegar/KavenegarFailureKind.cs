namespace Feedback.Kavenegar;

/// <summary>What a failed Kavenegar call means for the caller: whether to wait, stop, give the message up, or fix something.</summary>
public enum KavenegarFailureKind
{
    /// <summary>
    /// Kavenegar was busy (return status 409), down (HTTP 5xx), slow (timeout) or unreachable. The client has already retried
    /// what was safe to retry; the caller keeps the message queued and tries again later.
    /// </summary>
    Transient,

    /// <summary>Kavenegar restricts this caller's address for a while (429, 451): pause sending and keep messages queued.</summary>
    Throttled,

    /// <summary>The account's credit ran out (418): stop sending, keep messages queued, and have the account topped up.</summary>
    InsufficientCredit,

    /// <summary>
    /// This request can never succeed as sent (an invalid receptor, an empty or over-long text, characters Kavenegar cannot
    /// process…): the message is undeliverable, and the exception says why.
    /// </summary>
    Permanent,

    /// <summary>
    /// The key, account, sender line, template, calling address or base address is wrong (401, 403, 412, 416, 424…): nothing
    /// will succeed until someone fixes it, so say it loudly and keep messages queued.
    /// </summary>
    Configuration,
}
