namespace Feedback.Functions.Http;

/// <summary>
/// The status an exception that escaped an endpoint answers with. Kestrel throws <see cref="BadHttpRequestException"/>
/// while a body is read when the client is at fault: 408 when it sends slower than the minimum data rate
/// (KestrelServerLimits.MinRequestBodyDataRate: 240 bytes/s after a 5 s grace by default), 400 for broken framing,
/// 413 past the server's size limit. Those are the client's errors, not the app's.
/// </summary>
internal static class BadRequests
{
    public static int StatusCode(Exception exception) =>
        exception is BadHttpRequestException bad && bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status500InternalServerError;

    /// <summary>The problem for a body that could not be read: what the client did wrong, by its status.</summary>
    public static IResult Problem(BadHttpRequestException unreadable)
    {
        ArgumentNullException.ThrowIfNull(unreadable);
        return StatusCode(unreadable) switch
        {
            StatusCodes.Status408RequestTimeout => Problems.Status(StatusCodes.Status408RequestTimeout, "Request body too slow", "the body arrived slower than the server's minimum data rate; send it again at once"),
            StatusCodes.Status413PayloadTooLarge => Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", "the body is larger than the server accepts"),
            _ => Problems.Validation(new() { ["body"] = ["the body could not be read (broken or incomplete framing)"] }),
        };
    }
}
