using System.Collections.Concurrent;
using System.Diagnostics;
using Feedback.Functions.Telemetry;
using Feedback.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Feedback.Functions.Tests.Operations;

/// <summary>Intake and processing leave measurements and activities; without an OTLP endpoint nothing is built to export them.</summary>
public sealed class TelemetryTests(Azurite azurite) : AppOnPreparedStorage(azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Whatever the machine's environment says, this app has no OTLP endpoint.</summary>
    public override Task InitializeAsync()
    {
        Factory.Settings[TelemetryExport.EndpointSetting] = "";
        Factory.Settings[TelemetryExport.AzureMonitorSetting] = "";
        return base.InitializeAsync();
    }

    [Fact]
    public async Task An_intake_request_is_counted_and_traced_by_its_route_without_its_path()
    {
        using var measurements = new RecordedMeasurements("feedback.intake.accepted", "feedback.intake.duration");
        var traced = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = Telemetry.Listen("Microsoft.AspNetCore", stopped: activity =>
        {
            if (activity.GetTagItem("http.route") as string == "/api/feedback" && activity.GetTagItem("http.request.method") as string == "POST")
                traced.TrySetResult(activity);
        });

        await Telemetry.SubmitAsync(Client, "چراغ‌های خیابان اصلی شب‌ها خاموش است");

        Assert.Contains(measurements.All, measured => measured.Instrument == "feedback.intake.accepted" && measured.Value == 1 && measured.Tags["channel"] as string == "web");
        Assert.Contains(measurements.All, measured => measured.Instrument == "feedback.intake.duration" && measured.Value >= 0 && measured.Tags["channel"] as string == "web");
        var activity = await traced.Task.WaitAsync(Patience);
        Assert.Equal("POST /api/feedback", activity.DisplayName);
        Assert.Equal(StatusCodes.Status202Accepted, activity.GetTagItem("http.response.status_code"));
        Assert.DoesNotContain(activity.TagObjects, tag => tag.Key.StartsWith("url.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Processing_an_item_records_its_lag_and_confidence_inside_a_pipeline_activity()
    {
        using var measurements = new RecordedMeasurements("feedback.processing.lag", "feedback.classification.confidence");
        // Another test's item may be half processed when recording starts (its confidence before, its lag after):
        // wait for this item's three measurements, not for the first lag.
        var instruments = new ConcurrentDictionary<string, bool>();
        var lagged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        measurements.Recorded += measured =>
        {
            instruments[measured.Instrument == "feedback.classification.confidence" ? $"{measured.Instrument}/{measured.Tags["kind"]}" : measured.Instrument] = true;
            if (instruments.ContainsKey("feedback.processing.lag") && instruments.ContainsKey("feedback.classification.confidence/topic") && instruments.ContainsKey("feedback.classification.confidence/sentiment"))
                lagged.TrySetResult();
        };
        var handling = new ConcurrentQueue<string>();
        using var listener = Telemetry.Listen(PipelineTelemetry.Name, started: activity => handling.Enqueue(activity.OperationName));

        await Telemetry.SubmitAsync(Client, "اتوبوس‌های خط ۱۲ خیلی دیر می‌آیند");
        await lagged.Task.WaitAsync(Patience);

        Assert.Contains("ProcessFeedback", handling);
        Assert.Contains(measurements.All, measured => measured.Instrument == "feedback.processing.lag" && measured.Value >= 0);
        Assert.Contains(measurements.All, measured => measured.Instrument == "feedback.classification.confidence" && measured.Tags["kind"] as string == "topic" && measured.Value is > 0 and <= 1);
        Assert.Contains(measurements.All, measured => measured.Instrument == "feedback.classification.confidence" && measured.Tags["kind"] as string == "sentiment" && measured.Value is > 0 and <= 1);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_an_otlp_endpoint_or_application_insights_no_exporter_is_built(string? endpoint)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [TelemetryExport.EndpointSetting] = endpoint, [TelemetryExport.AzureMonitorSetting] = endpoint })
            .Build();

        using var services = new ServiceCollection().AddTelemetry(configuration).BuildServiceProvider();

        Assert.Null(services.GetService<TracerProvider>());
        Assert.Null(services.GetService<MeterProvider>());
    }

    [Fact]
    public void The_app_without_an_endpoint_setting_builds_no_exporter()
    {
        Assert.Null(Factory.Services.GetService<TracerProvider>());
        Assert.Null(Factory.Services.GetService<MeterProvider>());
    }
}

/// <summary>With an OTLP endpoint configured, the app's traces and metrics reach it.</summary>
public sealed class OtlpExportTests(Azurite azurite) : AppOnPreparedStorage(azurite)
{
    private OtlpCollector? _collector;

    public override async Task InitializeAsync()
    {
        _collector = await OtlpCollector.StartAsync();
        Factory.Settings[TelemetryExport.EndpointSetting] = _collector.Address.ToString();
        Factory.Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        await base.InitializeAsync();
    }

    [Fact]
    public async Task Traces_and_metrics_are_exported_to_the_endpoint_with_the_service_and_province()
    {
        await Telemetry.SubmitAsync(Client, "کارمند باجه خیلی محترمانه برخورد کرد");
        using (PipelineTelemetry.StartHandling("ExportCheck", "export-check"))
        {
            // An activity of the pipeline's source, ended before the flush.
        }
        Assert.True(Service<TracerProvider>().ForceFlush(30_000));
        Assert.True(Service<MeterProvider>().ForceFlush(30_000));

        var received = _collector!.Received;
        Assert.Contains(received, request => request.Path == "/v1/traces" && request.Contains(PipelineTelemetry.Name) && request.Contains(TelemetryExport.ServiceName));
        Assert.Contains(received, request => request.Path == "/v1/metrics" && request.Contains("feedback.intake.accepted") && request.Contains("feedback.province") && request.Contains("zanjan"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _collector?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
