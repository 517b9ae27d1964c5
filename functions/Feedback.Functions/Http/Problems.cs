namespace Feedback.Functions.Http;

/// <summary>RFC 7807 problem details the endpoints answer with: what was wrong, and for validation, each field.</summary>
internal static class Problems
{
    public static IResult Validation(Dictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request has invalid fields", statusCode: StatusCodes.Status400BadRequest);

    public static IResult Status(int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status);

    /// <summary>Storage or the queue did not answer; <paramref name="detail"/> says what that means for this request.</summary>
    public static IResult Unavailable(TimeSpan retryAfter, string detail) => new UnavailableResult(retryAfter, detail);

    private sealed class UnavailableResult(TimeSpan retryAfter, string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(
                title: "Service unavailable",
                detail: detail,
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(httpContext);
        }
    }
}
