using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Feedback.Functions.Tests.Operations;

/// <summary>What the telemetry tests share: submitting feedback, and listening to an activity source.</summary>
internal static class Telemetry
{
    public static async Task SubmitAsync(HttpClient client, string text)
    {
        using var response = await client.PostAsJsonAsync("/api/feedback", new { text, province = "zanjan" });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every activity of <paramref name="source"/>, recorded, until disposed.</summary>
    public static ActivityListener Listen(string source, Action<Activity>? started = null, Action<Activity>? stopped = null)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started,
            ActivityStopped = stopped,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}

/// <summary>A stand-in OpenTelemetry Collector: takes OTLP/HTTP protobuf posts on a loopback port and keeps them.</summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication app;

    private OtlpCollector(WebApplication app, ConcurrentQueue<OtlpExport> received)
    {
        this.app = app;
        Received = received;
        Address = new Uri(app.Urls.First());
    }

    public Uri Address { get; }

    public ConcurrentQueue<OtlpExport> Received { get; }

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var received = new ConcurrentQueue<OtlpExport>();
        app.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue(new OtlpExport(request.Path, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return new OtlpCollector(app, received);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>One OTLP post; protobuf keeps strings as UTF-8, so a name is found in the raw body.</summary>
internal sealed record OtlpExport(string Path, byte[] Body)
{
    public bool Contains(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
