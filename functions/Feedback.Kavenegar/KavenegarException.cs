namespace Feedback.Kavenegar;

/// <summary>
/// A Kavenegar call that failed, after the client retried whatever was safe to retry. <see cref="Kind"/> tells the caller
/// what to do; the message names the endpoint with its API key redacted (<c>v1/***/sms/send.json</c>) and never holds the key.
/// </summary>
public sealed class KavenegarException : Exception
{
    public KavenegarException(
        KavenegarFailureKind kind,
        string message,
        string? endpoint = null,
        int? returnStatus = null,
        int? httpStatus = null,
        bool outcomeUnknown = false,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Endpoint = endpoint;
        ReturnStatus = returnStatus;
        HttpStatus = httpStatus;
        OutcomeUnknown = outcomeUnknown;
    }

    /// <summary>What the failure means for the caller.</summary>
    public KavenegarFailureKind Kind { get; }

    /// <summary>The endpoint called, API key redacted (<c>v1/***/sms/send.json</c>); null when no call was made.</summary>
    public string? Endpoint { get; }

    /// <summary>Kavenegar's <c>return.status</c>, when it answered with its envelope.</summary>
    public int? ReturnStatus { get; }

    /// <summary>The HTTP status of the last answer, when there was one.</summary>
    public int? HttpStatus { get; }

    /// <summary>
    /// True when a call that sends SMS got no usable answer (a timeout, a dropped connection, an unreadable reply): Kavenegar
    /// may have accepted it. Sending again is safe only with the same local ids, which Kavenegar does not send twice.
    /// </summary>
    public bool OutcomeUnknown { get; }
}
