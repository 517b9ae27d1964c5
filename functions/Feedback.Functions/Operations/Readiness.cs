using System.Text.Json.Serialization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Storage.Auth;
using Feedback.Storage.Items;
using Feedback.Storage.ServiceBus;
using Feedback.Storage.Tables;
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
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    private const string ServiceBusScope = "https://servicebus.azure.net/.default";

    private readonly TableStorageClient tables;
    private readonly SmsSendingStatus sms;
    private readonly HttpPipeline queuePipeline;
    private readonly Uri queueProbe;
    private readonly string queueService;
    private readonly Func<int, bool> queueAnswered;
    private readonly ILogger<Readiness> logger;

    public Readiness(IOptions<PipelineSettings> settings, StorageConnection storage, TableStorageClient tables, TokenCredential credential, SmsSendingStatus sms, ILogger<Readiness> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(storage);
        this.tables = tables;
        this.sms = sms;
        this.logger = logger;
        var options = new StorageClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = CheckTimeout;
        if (settings.Value.Mode == HostingMode.Local)
        {
            queuePipeline = StoragePipeline.Create(storage, StorageService.Queue, storage.HasAccountKey ? null : credential, options);
            queueProbe = new Uri($"{storage.QueueEndpoint.AbsoluteUri.TrimEnd('/')}/{Queues.FeedbackIntake}?comp=metadata");
            queueService = "The storage queue service";
            queueAnswered = status => status is 200 or 404;
        }
        else
        {
            queuePipeline = HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, ServiceBusScope));
            queueProbe = new Uri(ServiceBusConnection.FromNamespace(settings.Value.ServiceBusNamespace!).Endpoint, Queues.FeedbackIntake);
            queueService = "Service Bus";
            queueAnswered = status => status < 500;
        }
    }

    public async Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken)
    {
        var storage = WithinTimeoutAsync("storage", CheckStorageAsync, cancellationToken);
        var queue = WithinTimeoutAsync("queue", CheckQueueAsync, cancellationToken);
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

    private async Task<DependencyStatus> CheckStorageAsync(CancellationToken cancellationToken)
    {
        try
        {
            await tables.QueryAsync(TableFeedbackStore.ItemsTable, new TableQuery(Select: ["PartitionKey"], Top: 1), null, cancellationToken);
            return Up("Table Storage answered a query");
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return Up("Table Storage answers; the app's tables are not created yet");
        }
    }

    /// <summary>
    /// Locally, the intake queue's metadata (404 until the first message creates the queue). In Azure, the Service
    /// Bus entity with the identity's token: any answer below 500 shows the namespace is reachable and the identity
    /// gets tokens (reading an entity's description needs Manage rights the identity does not have, so 401 is usual).
    /// </summary>
    private async Task<DependencyStatus> CheckQueueAsync(CancellationToken cancellationToken)
    {
        using var message = queuePipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(queueProbe);
        await queuePipeline.SendAsync(message, cancellationToken);
        var status = message.Response.Status;
        return queueAnswered(status) ? Up($"{queueService} answered (HTTP {status})") : Down($"{queueService} answered HTTP {status}");
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
        catch (Exception failure) when (StorageOutage.Is(failure) || failure is AuthenticationFailedException or CredentialUnavailableException)
        {
            LogCheckFailed(logger, name, failure.Message);
            return Down(failure switch
            {
                AuthenticationFailedException or CredentialUnavailableException => "the app's identity got no token",
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
