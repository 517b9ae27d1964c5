using Microsoft.AspNetCore.Diagnostics;

namespace Feedback.Functions.Http;

/// <summary>
/// Turns a storage or queue outage that escaped an endpoint (or one of its filters) into one answer for every
/// endpoint: 503 with Retry-After, as problem details. The endpoint may say what the outage means for its request
/// with <see cref="OutageAnswers.AnswersOutageWith"/>; otherwise the answer is the generic one. Any other
/// exception is left to the exception handler's default (<see cref="BadRequests.StatusCode"/>).
/// </summary>
internal sealed class StorageOutageHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!StorageOutage.Is(exception))
            return false;
        // The middleware has cleared the endpoint by now; the feature keeps the one the request was routed to.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var answer = endpoint?.Metadata.GetMetadata<OutageAnswer>() ?? OutageAnswer.Default;
        await Problems.Unavailable(answer.RetryAfter, answer.Detail).ExecuteAsync(httpContext);
        return true;
    }
}

/// <summary>What a storage outage means for an endpoint's request, and when to try again.</summary>
internal sealed record OutageAnswer(string Detail, TimeSpan RetryAfter)
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(10);

    public static OutageAnswer Default { get; } = new("storage cannot be reached right now; try again shortly", DefaultRetryAfter);
}

internal static class OutageAnswers
{
    /// <summary>The detail (and wait) this endpoint answers a storage outage with, instead of the generic one.</summary>
    public static TBuilder AnswersOutageWith<TBuilder>(this TBuilder builder, string detail, TimeSpan? retryAfter = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OutageAnswer(detail, retryAfter ?? OutageAnswer.DefaultRetryAfter));
}
