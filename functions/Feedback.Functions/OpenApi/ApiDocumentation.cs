using Feedback.Functions.Intake;
using Feedback.Functions.Operations;
using Feedback.Functions.Surveys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Feedback.Functions.OpenApi;

/// <summary>One operation as the OpenAPI document describes it.</summary>
/// <param name="Id">The operationId, unique in the document.</param>
/// <param name="RequestBody">The JSON body's type, for endpoints that read their body themselves.</param>
/// <param name="ApiKey">Whether the caller sends a counter office's or an agency system's key in the X-Api-Key header.</param>
internal sealed record DocumentedOperation(string Id, string Tag, string Summary, IReadOnlyList<DocumentedResponse> Responses, Type? RequestBody = null, bool ApiKey = false);

/// <param name="Body">The body's type: <see cref="ProblemDetails"/> or <see cref="HttpValidationProblemDetails"/> for
/// problem details (application/problem+json); null when the description names the fields of an ad-hoc JSON answer.</param>
internal sealed record DocumentedResponse(int Status, string Description, Type? Body = null);

/// <summary>
/// The OpenAPI document at /openapi/v1.json: every endpoint under /api/, and nothing else (the host's trigger
/// endpoints, /dev and the citizen pages are not an API). Summaries, tags, request bodies and responses come from
/// one table keyed by method and route, <see cref="Operations"/>, rather than from metadata on each endpoint; an
/// endpoint missing from it is still in the document, as the framework infers it.
/// </summary>
internal static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPattern = "/openapi/{documentName}.json";
    public const string DocumentPath = "/openapi/v1.json";

    private const string Health = "Health";
    private const string Intake = "Intake";
    private const string Sms = "SMS webhooks";
    private const string Surveys = "Surveys";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        [Health] = "Liveness and readiness of the instance",
        [Intake] = "Feedback from the web form and counter offices, and the citizen's status look-up",
        [Sms] = "Kavenegar's callbacks: inbound SMS and delivery reports, authenticated by the secret in the path",
        [Surveys] = "Completed public services, which trigger the post-service survey SMS",
    };

    private static readonly DocumentedResponse Unavailable = new(StatusCodes.Status503ServiceUnavailable, "Storage or the queue is unavailable; try again after Retry-After", typeof(ProblemDetails));
    private static readonly DocumentedResponse Invalid = new(StatusCodes.Status400BadRequest, "Invalid fields, each named with what is wrong", typeof(HttpValidationProblemDetails));
    private static readonly DocumentedResponse NoApiKey = new(StatusCodes.Status401Unauthorized, "Missing or unknown API key", typeof(ProblemDetails));
    private static readonly DocumentedResponse WrongSecret = new(StatusCodes.Status401Unauthorized, "The secret in the path is not this deployment's", typeof(ProblemDetails));
    private static readonly DocumentedResponse TooMany = new(StatusCodes.Status429TooManyRequests, "Too many requests from this client; try again after Retry-After");

    private static readonly DocumentedResponse[] ReadinessResponses =
    [
        new(StatusCodes.Status200OK, "Ready, or degraded (SMS sending paused: SMS wait on the queue)", typeof(ReadinessReport)),
        new(StatusCodes.Status503ServiceUnavailable, "Not ready: storage or the queue does not answer; `checks` names each finding", typeof(ProblemDetails)),
    ];

    private static readonly DocumentedResponse[] InboundSmsResponses =
    [
        new(StatusCodes.Status200OK, "Accepted as feedback ({ trackingCode }) or applied as an opt-out/opt-in command ({ command, changed })"),
        Invalid, WrongSecret, Unavailable,
    ];

    private static readonly DocumentedResponse[] DeliveryResponses =
    [
        new(StatusCodes.Status200OK, "{ applied }: whether the report changed an SMS's state"),
        Invalid, WrongSecret,
        new(StatusCodes.Status404NotFound, "This deployment sends no SMS through Kavenegar", typeof(ProblemDetails)),
        Unavailable,
    ];

    /// <summary>Every documented operation, by HTTP method and route (as ApiExplorer writes it: no leading slash).</summary>
    public static IReadOnlyDictionary<(string Method, string Route), DocumentedOperation> Operations { get; } = new Dictionary<(string, string), DocumentedOperation>
    {
        [("GET", "api/health/live")] = new("getLiveness", Health, "Liveness: the process is up", [new(StatusCodes.Status200OK, "Up", typeof(LivenessReport))]),
        [("GET", "api/health/ready")] = new("getReadiness", Health, "Readiness: storage and the queue answer; SMS sending paused is reported as degraded", ReadinessResponses),
        [("GET", "api/health")] = new("getHealth", Health, "Health, as readiness (what ./feedback run and deployments wait on)", ReadinessResponses),
        [("POST", "api/feedback")] = new(
            "submitWebFeedback",
            Intake,
            "Submit feedback from the web form; answers with the tracking code",
            [new(StatusCodes.Status202Accepted, "Stored and accepted: { trackingCode, statusUrl }"), Invalid, TooMany, Unavailable],
            RequestBody: typeof(WebFeedbackRequest)),
        [("GET", "api/feedback/{trackingCode}")] = new(
            "getFeedbackStatus",
            Intake,
            "Look up a feedback item's status by its tracking code (no personal data)",
            [
                new(StatusCodes.Status200OK, "The item's status and history, in Tehran time and the Jalali calendar", typeof(StatusView)),
                new(StatusCodes.Status400BadRequest, "Not a 10-digit tracking code", typeof(HttpValidationProblemDetails)),
                new(StatusCodes.Status404NotFound, "No feedback has this tracking code", typeof(ProblemDetails)),
                new(StatusCodes.Status422UnprocessableEntity, "The code's check digit does not match: mistyped", typeof(ProblemDetails)),
                TooMany,
                Unavailable,
            ]),
        [("POST", "api/counter/feedback")] = new(
            "submitCounterFeedback",
            Intake,
            "Submit a batch of feedback typed in at a counter office",
            [new(StatusCodes.Status200OK, "{ results }: per item, its index and either its tracking code or its errors"), Invalid, NoApiKey, Unavailable],
            RequestBody: typeof(CounterFeedbackRequest),
            ApiKey: true),
        [("GET", "api/sms/inbound/{secret}")] = new("receiveSmsByQuery", Sms, "Kavenegar's inbound SMS forwarding (query: messageid, from, to, message)", InboundSmsResponses),
        [("POST", "api/sms/inbound/{secret}")] = new("receiveSmsByForm", Sms, "Kavenegar's inbound SMS forwarding (form: messageid, from, to, message)", InboundSmsResponses),
        [("GET", "api/sms/delivery/{secret}")] = new("receiveDeliveryReportByQuery", Sms, "Kavenegar's delivery report (query: messageid, status)", DeliveryResponses),
        [("POST", "api/sms/delivery/{secret}")] = new("receiveDeliveryReportByForm", Sms, "Kavenegar's delivery report (form: messageid, status)", DeliveryResponses),
        [("POST", "api/services/completed")] = new(
            "reportServiceCompleted",
            Surveys,
            "Report a completed public service; the survey SMS follows when the rules allow",
            [
                new(StatusCodes.Status202Accepted, "A survey is scheduled: { surveyed, scheduledFor, scheduledForTehran }"),
                new(StatusCodes.Status200OK, "No survey: { surveyed: false, reason } (surveyed-recently or opted-out)"),
                Invalid,
                NoApiKey,
                Unavailable,
            ],
            RequestBody: typeof(ServiceCompletedRequest),
            ApiKey: true),
    };

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Citizen feedback pipeline",
                Version = DocumentName,
                Description = "Feedback intake (web, SMS, counter offices), status look-up, Kavenegar's callbacks and post-service surveys. Errors are RFC 7807 problem details.",
            };
            document.Tags = TagDescriptions.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value }).ToHashSet();
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(DescribeAsync);
    }

    private static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!Operations.TryGetValue((context.Description.HttpMethod ?? "", context.Description.RelativePath ?? ""), out var documented))
            return;
        operation.OperationId = documented.Id;
        operation.Summary = documented.Summary;
        operation.Tags = new HashSet<OpenApiTagReference> { new(documented.Tag, context.Document) };
        if (documented.RequestBody is { } requestBody)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(requestBody, null, cancellationToken) } },
            };
        }
        if (documented.ApiKey)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IntakeEndpoints.ApiKeyHeader,
                In = ParameterLocation.Header,
                Required = true,
                Description = "The API key issued to the counter office or agency system (./feedback keys issue)",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        operation.Responses = [];
        foreach (var response in documented.Responses)
        {
            var described = new OpenApiResponse { Description = response.Description };
            if (response.Body is { } body)
            {
                var mediaType = body == typeof(ProblemDetails) || body == typeof(HttpValidationProblemDetails) ? "application/problem+json" : "application/json";
                described.Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = await context.GetOrCreateSchemaAsync(body, null, cancellationToken) } };
            }
            operation.Responses[response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = described;
        }
    }
}
