using System.Diagnostics;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using Feedback.Kavenegar;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Instrumentation.Http;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Feedback.Functions.Telemetry;

/// <summary>
/// The app's traces and metrics, registered the standard way (<c>AddOpenTelemetry()</c>, providers owned by the host):
/// exported to Application Insights through the Azure Monitor distro when APPLICATIONINSIGHTS_CONNECTION_STRING is
/// set (as the Bicep sets it in Azure), over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter's other
/// OTEL_* settings read from the app's configuration), both when both are. With neither, nothing is registered, so
/// nothing is collected.
/// </summary>
/// <remarks>
/// Kavenegar's API key is a segment of every Kavenegar URL's path, and the webhooks' secrets are segments of theirs.
/// The app's own sources never record a URL. The distro adds ASP.NET Core and HttpClient instrumentation of its own:
/// their URL tags are redacted here (the server span keeps its route, the client span its URL with the key
/// masked), and Live Metrics, a second channel that would carry request URLs unredacted, stays off.
/// </remarks>
internal static class TelemetryExport
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ServiceName = "feedback-functions";

    /// <summary>ASP.NET Core's activity per request and the pipeline's own.</summary>
    public static readonly IReadOnlyList<string> ActivitySources = ["Microsoft.AspNetCore", PipelineTelemetry.Name];

    public static readonly IReadOnlyList<string> Meters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", PipelineTelemetry.Name];

    /// <param name="configuration">The app's configuration as the builder has it (environment variables and app settings included).</param>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[EndpointSetting]);
        var azureMonitor = !string.IsNullOrWhiteSpace(configuration[AzureMonitorSetting]);
        if (!otlp && !azureMonitor)
            return services;

        var province = configuration[$"{Configuration.PipelineSettings.Section}:Province"] is { Length: > 0 } configured ? configured : Feedback.Core.Routing.Provinces.ZanjanKey;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : ServiceName)
                .AddAttributes([new("feedback.province", province)]))
            .WithTracing(tracing =>
            {
                tracing.AddSource([.. ActivitySources]);
                if (otlp)
                    tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. Meters]);
                if (otlp)
                    metrics.AddOtlpExporter();
            });

        if (azureMonitor)
        {
            telemetry.UseAzureMonitor(options =>
            {
                options.ConnectionString = configuration[AzureMonitorSetting];
                // In Azure local authentication is off (monitoring.bicep): ingestion takes the user-assigned identity's token.
                if (configuration["AZURE_CLIENT_ID"] is { Length: > 0 } clientId)
                    options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                options.EnableLiveMetrics = false;
                options.SamplingRatio = 1.0F;
                options.TracesPerSecond = null;
            });
            services.Configure<AspNetCoreTraceInstrumentationOptions>(options => options.EnrichWithHttpRequest = (activity, _) => DropRequestUrl(activity));
            services.Configure<HttpClientTraceInstrumentationOptions>(options => options.EnrichWithHttpRequestMessage = (activity, request) => RedactClientUrl(activity, request));
        }
        return services;
    }

    /// <summary>The route names the request; its path and query may hold a webhook secret or a citizen's number.</summary>
    private static void DropRequestUrl(Activity activity)
    {
        foreach (var tag in (string[])["url.path", "url.query", "url.full", "http.target", "http.url"])
            activity.SetTag(tag, null);
    }

    private static void RedactClientUrl(Activity activity, HttpRequestMessage request)
    {
        if (request.RequestUri is not { } url)
            return;
        var redacted = KavenegarRedaction.RedactUrl(url);
        activity.SetTag("url.full", redacted);
        if (activity.GetTagItem("http.url") is not null)
            activity.SetTag("http.url", redacted);
    }
}
