namespace Feedback.Functions.Http;

/// <summary>RFC 7807 problem details the endpoints answer with: what was wrong, and for validation, each field.</summary>
internal static class Problems
{
    public static IResult Validation(Dictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request has invalid fields", statusCode: StatusCodes.Status400BadRequest);

    public static IResult Status(int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status);

    /// <summary>Storage or the queue did not answer; <paramref name="detail"/> says what that means for this request.</summary>
    public static UnavailableResult Unavailable(TimeSpan retryAfter, string detail) =>
        new(((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), detail);

    /// <param name="EnglishDetail">The English detail, when <paramref name="Detail"/> is a citizen's Persian one.</param>
    internal sealed record UnavailableResult(string RetryAfterSeconds, string Detail, string? EnglishDetail = null) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
            return Results.Problem(
                title: "Service unavailable",
                detail: Detail,
                statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: EnglishDetail is null ? null : new Dictionary<string, object?> { [CitizenProblems.EnglishDetail] = EnglishDetail }).ExecuteAsync(httpContext);
        }
    }
}
