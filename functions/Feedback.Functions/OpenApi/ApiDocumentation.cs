using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Feedback.Functions.Access;
using Feedback.Functions.Http;
using Feedback.Functions.Intake;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Feedback.Functions.OpenApi;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: every endpoint under /api/, and nothing else (the host's trigger
/// endpoints, /dev and the pages are not an API). Each operation is generated from its endpoint's own metadata
/// (its name, summary, tags, request body and answers: <see cref="ApiContract"/>); this class adds what belongs to
/// the whole document: its title, the tags' descriptions and the security schemes, and the rule that a field is
/// required exactly when its type does not admit null or it carries <see cref="RequiredAttribute"/>.
/// </summary>
internal static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPattern = "/openapi/{documentName}.json";
    public const string DocumentPath = "/openapi/v1.json";

    public const string ApiKeyScheme = "apiKey";
    public const string AppServiceScheme = "appServiceAuthentication";
    public const string LocalSessionScheme = "localStaffSession";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        [ApiTags.Health] = "Liveness and readiness of the instance",
        [ApiTags.Intake] = "Feedback from the web form and counter offices, and the citizen's status look-up",
        [ApiTags.Sms] = "Kavenegar's callbacks: inbound SMS and delivery reports, authenticated by the secret in the path",
        [ApiTags.Surveys] = "Completed public services, which trigger the post-service survey SMS",
        [ApiTags.Staff] = "Who is signed in; the local demo sign-in",
        [ApiTags.Inbox] = "An agency's items and the actions its staff take on them",
        [ApiTags.Trends] = "The governorate's trends, drill-down and CSV exports",
        [ApiTags.Scorecard] = "The public scorecard of provinces, agencies and counter offices (no personal data; small groups not shown)",
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
                Description = "Feedback intake (web, SMS, counter offices), status look-up, Kavenegar's callbacks, post-service surveys, the agencies' inbox and the governorate's trends. Errors are RFC 7807 problem details.",
            };
            document.Tags = TagDescriptions.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value }).ToHashSet();
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                [ApiKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = IntakeEndpoints.ApiKeyHeader,
                    Description = "The key issued to a counter office or an agency system (./feedback keys issue); shown once, stored only as its SHA-256",
                },
                [AppServiceScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ClientPrincipal.Header,
                    Description = "In Azure: App Service Authentication (Entra ID) signs the member of staff in and passes this header to the app; the StaffMembers table gives the role",
                },
                [LocalSessionScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Cookie,
                    Name = DevSession.CookieName,
                    Description = "Local mode only: the signed session cookie POST /api/staff/sign-in sets for a seeded demo user",
                },
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(DescribeAsync);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            MarkRequired(schema, context.JsonTypeInfo, context.JsonPropertyInfo);
            return Task.CompletedTask;
        });
    }

    private static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<ApiContract.JsonRequestBody>().FirstOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { [ApiContract.Json] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken) } },
            };
        }
        // One endpoint that answers two methods (Kavenegar's GET or POST callbacks) is two operations: ids stay unique.
        if (operation.OperationId is { } id && metadata.OfType<HttpMethodMetadata>().FirstOrDefault()?.HttpMethods.Count > 1)
            operation.OperationId = id + Capitalized(context.Description.HttpMethod ?? "");
        if (metadata.OfType<ApiContract.ApiKeyRequired>().Any())
            operation.Security = [Requirement(ApiKeyScheme, context.Document)];
        if (metadata.OfType<ApiContract.StaffSessionRequired>().Any())
            operation.Security = [Requirement(AppServiceScheme, context.Document), Requirement(LocalSessionScheme, context.Document)];
        if (metadata.OfType<ApiContract.SameOriginRequired>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = SameOriginGuard.Header,
                In = ParameterLocation.Header,
                Required = true,
                Description = "Any non-empty value: a page of another site cannot send it without a CORS preflight, which this app refuses",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static string Capitalized(string method) =>
        method.Length == 0 ? method : char.ToUpperInvariant(method[0]) + method[1..].ToLowerInvariant();

    /// <summary>
    /// An object's required fields are those whose type does not admit null, and those marked
    /// <see cref="RequiredAttribute"/> (a field the edge checks itself, declared nullable so it can name it missing).
    /// The framework would otherwise mark every constructor parameter of a record required, optional ones included.
    /// </summary>
    private static void MarkRequired(OpenApiSchema schema, JsonTypeInfo type, JsonPropertyInfo? asProperty)
    {
        if (asProperty is not null || type.Kind != JsonTypeInfoKind.Object || schema.Properties is not { Count: > 0 })
            return;
        var required = type.Properties
            .Where(property => !property.IsGetNullable && !property.IsSetNullable || IsMarkedRequired(property))
            .Select(property => property.Name)
            .Where(schema.Properties.ContainsKey)
            .ToHashSet(StringComparer.Ordinal);
        schema.Required = required;
    }

    private static bool IsMarkedRequired(JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true
        || property.AssociatedParameter?.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true;
}
