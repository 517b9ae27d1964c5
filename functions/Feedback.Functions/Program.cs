using Feedback.Functions.Access;
using Feedback.Functions.Agencies;
using Feedback.Functions.Composition;
using Feedback.Functions.Configuration;
using Feedback.Functions.Dev;
using Feedback.Functions.Http;
using Feedback.Functions.Intake;
using Feedback.Functions.Notifications;
using Feedback.Functions.Operations;
using Feedback.Functions.Pages;
using Feedback.Functions.Scorecard;
using Feedback.Functions.Surveys;
using Feedback.Functions.Trends;
using Feedback.Functions.Triggers;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

// Behind the Functions host (Azure, or `func start`) the app listens on the port the host chose for it.
if (Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") is { Length: > 0 } hostPort)
    builder.WebHost.UseUrls($"http://127.0.0.1:{hostPort}");

// Below Warning, ASP.NET Core logs request paths and queries, and Kavenegar's callbacks carry the webhook secret in
// the path (and a forwarded SMS's phone and text in the query): pinned here, so a configuration cannot lower them.
foreach (var category in (string[])["Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Result", "Microsoft.AspNetCore.StaticFiles"])
    builder.Logging.AddFilter(category, LogLevel.Warning);

builder.Services.AddOptions<PipelineSettings>().BindConfiguration(PipelineSettings.Section).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<PipelineSettings>, PipelineSettingsValidation>();
builder.Services.AddSingleton<IValidateOptions<PipelineSettings>, UnresolvedSecretReferences>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<StorageOutageHandler>();
builder.Services.AddOperations(builder.Configuration);
builder.Services.AddPipeline(builder.Configuration);

builder.Services.AddLocalHostFiltering(builder.Configuration);

var app = builder.Build();

app.UseClientAddress();
// A request whose body cannot be read (too slow for Kestrel's minimum data rate: 408; malformed framing: 400) is
// the client's fault: it answers that status as a problem, never 500.
app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = BadRequests.StatusCode });
app.UseStatusCodePages();
app.UseRateLimiter();
// After the rate limiter: a cached answer still counts against its client's budget.
app.UseOutputCache();
// Just after a local start the tables may not exist yet (storage setup makes them): a request then waits for them,
// a few seconds at most, rather than getting a 503. Later, an outage answers 503 at once.
var started = System.Diagnostics.Stopwatch.StartNew();
app.Use(async (context, next) =>
{
    var grace = TimeSpan.FromSeconds(10) - started.Elapsed;
    if (grace > TimeSpan.Zero)
        await context.RequestServices.GetRequiredService<StorageSetup>().Ready.WaitAsync(grace, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    await next(context);
});
app.MapOperations();
app.MapIntake();
app.MapDeliveryReports();
app.MapSurveys();
// The developer's phone, request counts and staff sign-in exist only in a local run: elsewhere their addresses are unknown (404).
if (HostingModes.IsLocal(app.Configuration))
{
    app.MapDevPhone();
    app.MapStorageRequests();
    app.MapLocalSignIn();
}
app.MapTriggers();
app.MapStaffMe();
app.MapStaffNavigation();
app.MapAgencies();
app.MapTrends();
app.MapScorecard();
app.MapCitizenPages();

// Invalid settings stop the start with an OptionsValidationException whose message names each one.
app.Run();

/// <summary>The app's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
