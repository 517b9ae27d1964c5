namespace Feedback.Functions.Http;

/// <summary>RFC 7807 problem details the endpoints answer with: what was wrong, and for validation, each field.</summary>
internal static class Problems
{
    public static IResult Validation(Dictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request has invalid fields", statusCode: StatusCodes.Status400BadRequest);

    public static IResult Status(int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status);

    /// <summary>Storage or the queue did not answer: nothing was accepted; the client should retry.</summary>
    public static IResult Unavailable(TimeSpan retryAfter) => new UnavailableResult(retryAfter);

    private sealed class UnavailableResult(TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(
                title: "Service unavailable",
                detail: "the feedback could not be stored right now and was not accepted; try again shortly",
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(httpContext);
        }
    }
}
