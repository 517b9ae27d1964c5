namespace Feedback.Functions.CustomHandler;

/// <summary>The HTTP answers an invocation endpoint gives the Functions host.</summary>
public static class HostInvocationResults
{
    /// <summary>
    /// The status of a failed invocation. The host treats any non-success status as a failed function: a Service
    /// Bus message is abandoned, delivered again with a higher DeliveryCount, and dead-lettered by Service Bus once
    /// it reaches the entity's max delivery count. A handler that throws or cannot finish must therefore answer
    /// 500, never 200, or the message is completed and lost.
    /// </summary>
    public const int FailedStatusCode = StatusCodes.Status500InternalServerError;

    /// <summary>200 with the response payload; the host completes the message and writes <paramref name="logs"/>.</summary>
    public static IResult Succeeded(IReadOnlyList<string>? logs = null) =>
        Results.Json(HostInvocationResponse.Succeeded(logs));

    /// <summary>
    /// 500 with problem details. The host does not read the body of a failure (it only logs it when run by Core
    /// Tools), so the app has to log <paramref name="reason"/> itself too.
    /// </summary>
    public static IResult Failed(string reason) =>
        Results.Problem(detail: reason, statusCode: FailedStatusCode, title: "The invocation failed; the host will retry it.");
}
