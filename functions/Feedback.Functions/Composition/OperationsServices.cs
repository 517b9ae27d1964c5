using Feedback.Functions.Http;
using Feedback.Functions.OpenApi;
using Feedback.Functions.Operations;
using Feedback.Functions.Telemetry;

namespace Feedback.Functions.Composition;

/// <summary>
/// What operators and API clients need beside the pipeline itself: the OpenAPI document, the health endpoints,
/// and traces and metrics (exported to Application Insights and over OTLP when configured).
/// </summary>
internal static class OperationsServices
{
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        // The document's schemas follow these options: numbers are JSON numbers, as the endpoints read them (RequestBody).
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = RequestBody.JsonOptions.NumberHandling);
        services.AddOpenApi(ApiDocumentation.DocumentName, ApiDocumentation.Configure);
        services.AddSingleton<Readiness>();
        services.AddTelemetry(configuration);
        services.AddTransient<IStartupFilter, RequestActivityTags>();
        return services;
    }

    /// <summary>The health endpoints and the OpenAPI document at <see cref="ApiDocumentation.DocumentPath"/>.</summary>
    public static void MapOperations(this WebApplication app)
    {
        app.MapHealth();
        app.MapOpenApi(ApiDocumentation.DocumentPattern).WithMetadata(new HostFunction("Pages"));
    }
}
