using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Feedback.Functions.Operations;

/// <summary>
/// Sends traces and metrics over OTLP (to an OpenTelemetry Collector, or Azure Monitor's OTLP ingestion) when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set, with the exporter's other standard settings (OTEL_EXPORTER_OTLP_PROTOCOL,
/// OTEL_EXPORTER_OTLP_HEADERS, OTEL_METRIC_EXPORT_INTERVAL, OTEL_SERVICE_NAME…) read from the app's configuration,
/// which holds the environment. Without an endpoint nothing is built, so nothing is collected or exported.
/// A hosted service so that the providers exist before the first request; the container disposes them at
/// shutdown, which flushes what is still buffered.
/// </summary>
internal sealed class TelemetryExport : IHostedService, IDisposable
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "feedback-functions";

    /// <summary>ASP.NET Core's activity per request and the pipeline's own.</summary>
    /// <remarks>
    /// Never "System.Net.Http": an outgoing request's activity carries its URL, and Kavenegar's API key is a
    /// segment of every Kavenegar URL's path (https://api.kavenegar.com/v1/{API-KEY}/sms/send.json).
    /// </remarks>
    public static readonly IReadOnlyList<string> ActivitySources = ["Microsoft.AspNetCore", PipelineTelemetry.Name];

    public static readonly IReadOnlyList<string> Meters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", PipelineTelemetry.Name];

    private TelemetryExport(TracerProvider? traces, MeterProvider? metrics)
    {
        Traces = traces;
        Metrics = metrics;
    }

    /// <summary>Null when no OTLP endpoint is configured.</summary>
    public TracerProvider? Traces { get; }

    /// <summary>Null when no OTLP endpoint is configured.</summary>
    public MeterProvider? Metrics { get; }

    /// <param name="province">The deployment's province, a resource attribute of everything exported (each province runs its own).</param>
    public static TelemetryExport Create(IConfiguration configuration, string province)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration[EndpointSetting]))
            return new TelemetryExport(null, null);

        // The SDK reads the exporter's OTEL_* settings from this configuration rather than only from environment variables.
        void UseAppConfiguration(IServiceCollection services) => services.AddSingleton(configuration);
        void Describe(ResourceBuilder resource) => resource
            .AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : ServiceName)
            .AddAttributes([new("feedback.province", province)]);

        var traces = Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(UseAppConfiguration)
            .ConfigureResource(Describe)
            .AddSource([.. ActivitySources])
            .AddOtlpExporter()
            .Build();
        var metrics = Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(UseAppConfiguration)
            .ConfigureResource(Describe)
            .AddMeter([.. Meters])
            .AddOtlpExporter()
            .Build();
        return new TelemetryExport(traces, metrics);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        Traces?.Dispose();
        Metrics?.Dispose();
    }
}
