using Microsoft.AspNetCore.Mvc;

namespace Feedback.Functions.Http;

/// <summary>
/// What an endpoint answers and what it asks of its caller, declared beside the endpoint (or beside the filter that
/// answers for it, as <c>RequireStaff</c> does): the OpenAPI document is generated from this metadata, and the
/// contract test holds every real answer to it.
/// </summary>
internal static class ApiContract
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";

    /// <summary>The caller sends a counter office's or an agency system's key in the X-Api-Key header.</summary>
    public sealed class ApiKeyRequired;

    /// <summary>The caller is a signed-in member of staff (App Service Authentication in Azure, the local session cookie locally).</summary>
    public sealed class StaffSessionRequired;

    /// <summary>The request changes state: it carries the same-origin header the staff pages send.</summary>
    public sealed class SameOriginRequired;

    /// <summary>Answers each of <paramref name="statuses"/> with RFC 7807 problem details.</summary>
    public static TBuilder AnswersProblem<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            var body = status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, body, [ProblemJson]));
        }
        return builder;
    }

    /// <summary>The endpoint reads a JSON body of this type itself (<see cref="Http.RequestBody"/>).</summary>
    public sealed record JsonRequestBody(Type Type);

    /// <summary>
    /// Reads a <typeparamref name="TRequest"/> JSON body itself (<see cref="Http.RequestBody"/>): 400 naming the field,
    /// 413 past its size, 415 for another content type. Not the framework's Accepts metadata: routing would then
    /// answer another content type with its own 415, before the endpoint could say what to send.
    /// </summary>
    public static RouteHandlerBuilder ReadsJson<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder.WithMetadata(new JsonRequestBody(typeof(TRequest)))
            .AnswersProblem(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The caller authenticates with an API key: 401 without a known one.</summary>
    public static TBuilder RequiresApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiKeyRequired()).AnswersProblem(StatusCodes.Status401Unauthorized);
}
