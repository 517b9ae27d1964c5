using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Feedback.Functions.Telemetry;
using Feedback.Kavenegar.StandIn;
using Feedback.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Feedback.Functions.Tests.Operations;

/// <summary>
/// Configured as in Azure (the Azure Monitor distro on, with its own ASP.NET Core and HttpClient instrumentation and
/// log export), the app sends an acknowledgement through Kavenegar's stand-in and takes an inbound SMS; what the
/// exporters actually receive, captured by in-memory exporters beside Azure Monitor's, never holds Kavenegar's API key
/// (a segment of its URLs' path) or the webhooks' secrets (segments of their paths).
/// </summary>
public sealed class ExportedTelemetryPrivacyTests(Azurite azurite) : AppOnPreparedStorage(azurite), IAsyncLifetime
{
    private static readonly DateTimeOffset TehranNoon = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private readonly List<Activity> _spans = [];
    private readonly List<LogRecord> _logs = [];
    private KavenegarStandIn _kavenegar = null!;

    public override async Task InitializeAsync()
    {
        _kavenegar = await KavenegarStandIn.StartAsync("kv" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        Factory.Clock = new ManualClock(TehranNoon);
        Factory.Settings["Feedback:Kavenegar:ApiKey"] = _kavenegar.ApiKey;
        Factory.Settings["Feedback:Kavenegar:BaseAddress"] = _kavenegar.BaseAddress.AbsoluteUri;
        Factory.Settings["Feedback:SmsDeliverySecret"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        Factory.Settings[TelemetryExport.EndpointSetting] = "";
        // Application Insights' ingestion at the discard port: the distro runs in full, its uploads refused at once.
        Factory.Settings[TelemetryExport.AzureMonitorSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
        Factory.TestServices = services => services
            .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans))
            .ConfigureOpenTelemetryLoggerProvider(logging => logging.AddInMemoryExporter(_logs));
        await base.InitializeAsync();
    }

    [Fact]
    public async Task Neither_the_kavenegar_key_nor_the_webhook_secret_reaches_an_exported_span_or_log()
    {
        var inboundSecret = Factory.Settings["Feedback:SmsInboundSecret"]!;
        using (var submitted = await Client.PostAsJsonAsync("/api/feedback", new { text = "آب محله از دیروز قطع است", phone = "09121234567", province = "zanjan" }))
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        using (var inbound = await Client.PostAsync(new Uri($"/api/sms/inbound/{inboundSecret}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["messageid"] = "881001",
            ["from"] = "09351234567",
            ["to"] = "10004346",
            ["message"] = "چراغ خیابان خاموش است",
        })))
            Assert.Equal(HttpStatusCode.OK, inbound.StatusCode);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (_kavenegar.Messages.Count < 2)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"the acknowledgements were not sent ({_kavenegar.Messages.Count} of 2)");
            await Task.Delay(200);
        }

        // Final delivery reports (the delivery webhook's secret is in its path too): no SMS is left awaiting one, so the
        // delivery-status poll of a later test never asks this stand-in, gone by then, about them.
        var deliverySecret = Factory.Settings["Feedback:SmsDeliverySecret"]!;
        foreach (var message in _kavenegar.Messages)
        {
            using var reported = await Client.GetAsync(new Uri($"/api/sms/delivery/{deliverySecret}?messageid={message.MessageId}&status=10", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        }

        Assert.True(Service<TracerProvider>().ForceFlush(30_000));
        Assert.True(Service<LoggerProvider>().ForceFlush(30_000));
        Activity[] spans;
        LogRecord[] logs;
        lock (_spans)
            spans = [.. _spans];
        lock (_logs)
            logs = [.. _logs];

        // The distro's HttpClient instrumentation ran: Kavenegar's calls were exported, with the key masked.
        var kavenegarCalls = spans.Where(span => span.Kind == ActivityKind.Client && (span.GetTagItem("url.full") as string)?.Contains(_kavenegar.BaseAddress.Authority, StringComparison.Ordinal) == true).ToArray();
        Assert.NotEmpty(kavenegarCalls);
        Assert.All(kavenegarCalls, call => Assert.Contains("/v1/***/", (string)call.GetTagItem("url.full")!, StringComparison.Ordinal));
        Assert.Contains(spans, span => span.Kind == ActivityKind.Server && span.GetTagItem("http.route") as string == "/api/sms/inbound/{secret?}");
        Assert.NotEmpty(logs);

        foreach (var secret in (string[])[_kavenegar.ApiKey, inboundSecret, deliverySecret])
        {
            foreach (var span in spans)
            {
                Assert.DoesNotContain(secret, span.DisplayName, StringComparison.Ordinal);
                Assert.DoesNotContain(span.TagObjects, tag => tag.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true);
                Assert.DoesNotContain(span.Events.SelectMany(item => item.Tags), tag => tag.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true);
            }
            foreach (var log in logs)
            {
                var written = string.Join("\n", [log.FormattedMessage, log.Body, log.Exception?.ToString(), .. (log.Attributes ?? []).Select(attribute => attribute.Value?.ToString())]);
                Assert.DoesNotContain(secret, written, StringComparison.Ordinal);
            }
        }
    }

    async Task IAsyncLifetime.DisposeAsync() => await _kavenegar.DisposeAsync();
}
