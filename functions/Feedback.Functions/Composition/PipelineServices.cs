using System.Threading.RateLimiting;
using Azure.Core;
using Azure.Identity;
using Feedback.Classification;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Privacy;
using Feedback.Core.Processing;
using Feedback.Core.Routing;
using Feedback.Functions.Configuration;
using Feedback.Functions.Intake;
using Feedback.Functions.Processing;
using Feedback.Storage.Auth;
using Feedback.Storage.Items;
using Feedback.Storage.Queues;
using Feedback.Storage.ServiceBus;
using Feedback.Storage.Tables;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Composition;

/// <summary>
/// Builds the pipeline for the hosting mode: in Local mode Azurite's tables and queues (Shared Key) and a
/// runner that pulls the queues and fires the timers itself; in Azure mode Table Storage and Service Bus
/// through the managed identity, with the Functions host delivering messages and timers.
/// </summary>
internal static class PipelineServices
{
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddSingleton(provider =>
        {
            var settings = Settings(provider);
            return settings.Mode == HostingMode.Local
                ? StorageConnection.Parse(settings.StorageConnectionString!)
                : StorageConnection.Parse($"TableEndpoint=https://{settings.StorageAccountName}.table.core.windows.net;QueueEndpoint=https://{settings.StorageAccountName}.queue.core.windows.net");
        });
        services.AddSingleton(provider => new TableStorageClient(provider.GetRequiredService<StorageConnection>(), CredentialFor(provider)));
        services.AddSingleton<TableFeedbackStore>();
        services.AddSingleton<IFeedbackStore>(provider => provider.GetRequiredService<TableFeedbackStore>());

        services.AddSingleton(provider => new StorageQueueTransport(provider.GetRequiredService<StorageConnection>(), CredentialFor(provider)));
        services.AddSingleton<IMessageReceiver>(provider => provider.GetRequiredService<StorageQueueTransport>());
        services.AddSingleton<IMessageSender>(provider => Settings(provider).Mode == HostingMode.Local
            ? provider.GetRequiredService<StorageQueueTransport>()
            : new ServiceBusSender(ServiceBusConnection.FromNamespace(Settings(provider).ServiceBusNamespace!), provider.GetRequiredService<TokenCredential>()));

        services.AddSingleton(provider => new PhoneProtector(Settings(provider).PhoneEncryptionKey, Settings(provider).PhoneLookupKey));
        services.AddSingleton(provider => FeedbackClassifier.Load(string.IsNullOrWhiteSpace(Settings(provider).ClassifierModelPath) ? null : Settings(provider).ClassifierModelPath));
        services.AddSingleton(_ => DemoRoutingData.CreateTable());
        services.AddSingleton<FeedbackIntake>();
        services.AddSingleton<ProcessFeedbackHandler>();
        services.AddSingleton<IntakeSweeper>();
        services.AddSingleton<FeedbackMessages>();

        services.AddHostedService<StorageSetup>();
        services.AddHostedService<LocalTriggerRunner>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            limiter.AddPolicy(IntakeEndpoints.WebRateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    private static PipelineSettings Settings(IServiceProvider provider) => provider.GetRequiredService<IOptions<PipelineSettings>>().Value;

    /// <summary>Azurite signs with its account key; in Azure the managed identity's token does.</summary>
    private static TokenCredential? CredentialFor(IServiceProvider provider) =>
        provider.GetRequiredService<StorageConnection>().HasAccountKey ? null : provider.GetRequiredService<TokenCredential>();
}

/// <summary>Creates the tables the app uses before it serves (Local mode; in Azure the deployment creates them).</summary>
internal sealed class StorageSetup(IOptions<PipelineSettings> settings, TableFeedbackStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        settings.Value.Mode == HostingMode.Local ? store.EnsureTablesAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
