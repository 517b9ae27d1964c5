using Feedback.Core.Notifications;
using Feedback.Functions.Composition;
using Feedback.Functions.Configuration;
using Feedback.Functions.Dev;
using Feedback.Functions.Intake;
using Feedback.Functions.Notifications;
using Feedback.Functions.Pages;
using Feedback.Functions.Surveys;
using Feedback.Functions.Triggers;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

// Behind the Functions host (Azure, or `func start`) the app listens on the port the host chose for it.
if (Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") is { Length: > 0 } hostPort)
    builder.WebHost.UseUrls($"http://127.0.0.1:{hostPort}");

builder.Services.AddOptions<PipelineSettings>().BindConfiguration(PipelineSettings.Section).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<PipelineSettings>, PipelineSettingsValidation>();
builder.Services.AddProblemDetails();
builder.Services.AddPipeline();

var app = builder.Build();

// Behind the Functions host every request arrives from loopback: the client's own address, for the
// per-client rate limit, is in X-Forwarded-For (trusted from loopback only, the default).
app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor });
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.MapGet("/api/health", (SmsSendingStatus sms) => Results.Ok(new { status = sms.PausedBecause is null ? "ok" : "degraded", sms = sms.PausedBecause is { } reason ? $"paused, SMS wait in the queue: {reason}" : "ok" }));
app.MapIntake();
app.MapDeliveryReports();
app.MapSurveys();
app.MapDevPhone();
app.MapTriggers();
app.MapCitizenPages();

// Invalid settings stop the start with an OptionsValidationException whose message names each one.
app.Run();

/// <summary>The app's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
