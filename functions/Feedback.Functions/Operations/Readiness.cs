using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Storage.Items;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Operations;

/// <summary>One dependency as the readiness check found it: <see cref="Status"/> is "up", "down", "sending" or "paused".</summary>
public sealed record DependencyStatus(string Status, string Detail);

/// <summary>
/// What /api/health/ready reports: <see cref="Status"/> is "ready", "degraded" (ready, with SMS paused) or
/// "unavailable" (storage or the queue does not answer), with each check's finding.
/// </summary>
public sealed record ReadinessReport(string Status, IReadOnlyDictionary<string, DependencyStatus> Checks)
{
    public const string Ready = "ready";
    public const string Degraded = "degraded";
    public const string Unavailable = "unavailable";

    [JsonIgnore]
    public bool IsReady => Status != Unavailable;
}

/// <summary>
/// Whether this instance can do its work: storage answers a one-entity table query, the queue transport answers
/// (Azurite's queue service locally, the Service Bus namespace in Azure), and whether SMS sending is paused.
/// Paused SMS leaves the instance ready, reported as degraded: the pause (no credit, a refused key) is the
/// provider account's, the same on every instance, and no restart or rerouting ends it; intake and processing
/// still work and SMS wait on the queue, never dropped, so refusing traffic would only turn citizens away.
/// Each check gets <see cref="CheckTimeout"/>, so a hanging dependency reads as down rather than holding the caller.
/// </summary>
internal sealed partial class Readiness
{
    /// <summary>The clients the readiness probe uses: no retries and a short timeout, so a dead dependency reads as down at once.</summary>
    public const string ProbeClients = "probe";

    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    private readonly TableServiceClient tables;
    private readonly Func<CancellationToken, Task<DependencyStatus>> checkQueue;
    private readonly SmsSendingStatus sms;
    private readonly ILogger<Readiness> logger;

    public Readiness(IOptions<PipelineSettings> settings, IAzureClientFactory<TableServiceClient> tables, IAzureClientFactory<QueueServiceClient> queues, IServiceProvider services, SmsSendingStatus sms, ILogger<Readiness> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(queues);
        this.tables = tables.CreateClient(ProbeClients);
        this.sms = sms;
        this.logger = logger;
        if (settings.Value.Mode == HostingMode.Local)
        {
            var intake = queues.CreateClient(ProbeClients).GetQueueClient(Queues.FeedbackIntake);
            checkQueue = token => CheckStorageQueueAsync(intake, token);
        }
        else
        {
            var client = services.GetRequiredService<ServiceBusClient>();
            checkQueue = token => CheckServiceBusAsync(client, token);
        }
    }

    public async Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken)
    {
        var storage = WithinTimeoutAsync("storage", CheckStorageAsync, cancellationToken);
        var queue = WithinTimeoutAsync("queue", checkQueue, cancellationToken);
        var checks = new Dictionary<string, DependencyStatus>(StringComparer.Ordinal)
        {
            ["storage"] = await storage,
            ["queue"] = await queue,
            ["sms"] = sms.PausedBecause is { } reason
                ? new DependencyStatus("paused", $"SMS wait on the queue until sending resumes: {reason}")
                : new DependencyStatus("sending", "SMS sending is not paused"),
        };
        var status = checks["storage"].Status == "down" || checks["queue"].Status == "down" ? ReadinessReport.Unavailable
            : checks["sms"].Status == "paused" ? ReadinessReport.Degraded
            : ReadinessReport.Ready;
        return new ReadinessReport(status, checks);
    }

    private async Task<DependencyStatus> CheckStorageAsync(CancellationToken cancellationToken) =>
        await TableFeedbackStore.ProbeAsync(tables, cancellationToken)
            ? Up("Table Storage answered a query")
            : Up("Table Storage answers; the app's tables are not created yet");

    /// <summary>Locally, the intake queue's properties (404 until the first message creates the queue).</summary>
    private static async Task<DependencyStatus> CheckStorageQueueAsync(QueueClient intake, CancellationToken cancellationToken)
    {
        try
        {
            await intake.GetPropertiesAsync(cancellationToken);
            return Up("The storage queue service answered");
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return Up("The storage queue service answers; the intake queue is not created yet");
        }
    }

    /// <summary>
    /// In Azure, a peek at the intake queue through the app's long-lived Service Bus client: it shows the namespace is
    /// reachable and the identity may listen (the Functions host's trigger needs the same right), and settles nothing.
    /// </summary>
    private static async Task<DependencyStatus> CheckServiceBusAsync(ServiceBusClient client, CancellationToken cancellationToken)
    {
        await using var receiver = client.CreateReceiver(Queues.FeedbackIntake);
        await receiver.PeekMessageAsync(cancellationToken: cancellationToken);
        return Up("Service Bus answered a peek at the intake queue");
    }

    /// <summary>
    /// Runs one check; a failure is answered in general terms (the endpoint is public: no host names or service
    /// messages) and logged in full for the operator.
    /// </summary>
    private async Task<DependencyStatus> WithinTimeoutAsync(string name, Func<CancellationToken, Task<DependencyStatus>> check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            return await check(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Down($"no answer within {CheckTimeout.TotalSeconds:0} s");
        }
        catch (Exception failure) when (StorageOutage.Is(failure) || failure is AuthenticationFailedException or CredentialUnavailableException or UnauthorizedAccessException or ServiceBusException)
        {
            LogCheckFailed(logger, name, failure.Message);
            return Down(failure switch
            {
                AuthenticationFailedException or CredentialUnavailableException => "the app's identity got no token",
                UnauthorizedAccessException => "refused the app's identity",
                ServiceBusException refused => $"answered {refused.Reason}",
                RequestFailedException { Status: > 0 } answered => $"answered HTTP {answered.Status} {answered.ErrorCode}".TrimEnd(),
                _ => "could not be reached",
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness: the {Check} check failed: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string check, string reason);

    private static DependencyStatus Up(string detail) => new("up", detail);

    private static DependencyStatus Down(string detail) => new("down", detail);
}
