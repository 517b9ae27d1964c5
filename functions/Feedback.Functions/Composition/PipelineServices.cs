using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Feedback.Core.Clients;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Privacy;
using Feedback.Functions.Agencies;
using Feedback.Functions.Configuration;
using Feedback.Functions.Intake;
using Feedback.Functions.Notifications;
using Feedback.Functions.Operations;
using Feedback.Functions.Processing;
using Feedback.Functions.Routing;
using Feedback.Functions.Scorecard;
using Feedback.Functions.Surveys;
using Feedback.Functions.Trends;
using Feedback.Messaging.ServiceBus;
using Feedback.Messaging.StorageQueues;
using Feedback.Storage.Clients;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Storage.Notifications;
using Feedback.Storage.Routing;
using Feedback.Storage.Surveys;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Composition;

/// <summary>
/// Builds the pipeline for the hosting mode: in Local mode Azurite's tables and queues (its connection string)
/// and a runner that pulls the queues and fires the timers itself; in Azure mode Table Storage and Service Bus
/// through the managed identity, with the Functions host delivering messages and timers.
/// </summary>
internal static class PipelineServices
{
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        var local = HostingModes.IsLocal(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddAzureClients(clients =>
        {
            clients.UseCredential(new DefaultAzureCredential());
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, provider) => Storage(provider, credential, options, null).Tables)
                .ConfigureOptions(options => AnswerFast(options.Retry)).ConfigureOptions(CountTableRequests);
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, provider) => Storage(provider, credential, null, options).Queues)
                .ConfigureOptions(options => AnswerFast(options.Retry)).ConfigureOptions(CountQueueRequests);
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, provider) => Storage(provider, credential, options, null).Tables)
                .WithName(Readiness.ProbeClients).ConfigureOptions(options => Probe(options.Retry)).ConfigureOptions(CountTableRequests);
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, provider) => Storage(provider, credential, null, options).Queues)
                .WithName(Readiness.ProbeClients).ConfigureOptions(options => Probe(options.Retry)).ConfigureOptions(CountQueueRequests);
            // Azure mode only (locally the queues are Azurite's): AMQP to the namespace with the managed identity.
            clients.AddClient<ServiceBusClient, ServiceBusClientOptions>((options, credential, provider) =>
                new ServiceBusClient(Settings(provider).ServiceBusNamespace, credential, options));
        });
        services.AddSingleton<TableFeedbackStore>();
        services.AddSingleton<IFeedbackStore>(provider => provider.GetRequiredService<TableFeedbackStore>());
        services.AddSingleton<TableApiKeyStore>();
        services.AddSingleton<IApiKeyStore>(provider => provider.GetRequiredService<TableApiKeyStore>());

        if (local)
            services.AddLocalOnly();
        else
            services.AddSingleton<IMessageSender>(provider => new ServiceBusQueueSender(provider.GetRequiredService<ServiceBusClient>()));

        services.AddSingleton(provider => new PhoneProtector(Settings(provider).PhoneEncryptionKey, Settings(provider).PhoneLookupKey));
        services.AddRoutingData(local);
        services.AddIntake();
        services.AddProcessing();
        services.AddNotifications();
        services.AddSurveys();
        services.AddAgencies(local);
        services.AddTrends();
        services.AddScorecard();

        services.AddSingleton<StorageSetup>();
        services.AddHostedService(provider => provider.GetRequiredService<StorageSetup>());
        return services;
    }

    /// <summary>
    /// Local mode's own parts: Azurite's queues carry the messages and a runner pulls them and fires the timers (in Azure
    /// the Functions host does both), and the request counter behind /dev/requests and `feedback loadtest`.
    /// </summary>
    private static void AddLocalOnly(this IServiceCollection services)
    {
        services.AddSingleton<StorageRequestCounter>();
        services.AddSingleton<StorageQueueTransport>();
        services.AddSingleton<IMessageReceiver>(provider => provider.GetRequiredService<StorageQueueTransport>());
        services.AddSingleton<IMessageSender>(provider => provider.GetRequiredService<StorageQueueTransport>());
        services.AddHostedService<LocalTriggerRunner>();
    }

    /// <summary>Azurite through its connection string (its well-known key signs); in Azure the account's endpoints with the managed identity.</summary>
    private static StorageClients Storage(IServiceProvider provider, TokenCredential credential, TableClientOptions? tableOptions, QueueClientOptions? queueOptions)
    {
        var settings = Settings(provider);
        return settings.Mode == HostingMode.Local
            ? StorageClients.FromConnectionString(settings.StorageConnectionString!, tableOptions, queueOptions)
            : StorageClients.ForAccount(settings.StorageAccountName!, credential, tableOptions, queueOptions);
    }

    /// <summary>In Local mode every attempt of every Table request is counted (what a message costs: /dev/requests, `feedback loadtest`).</summary>
    private static void CountTableRequests(TableClientOptions options, IServiceProvider provider)
    {
        if (provider.GetService<StorageRequestCounter>() is { } counter)
            options.AddPolicy(counter.TablePolicy, HttpPipelinePosition.PerRetry);
    }

    private static void CountQueueRequests(QueueClientOptions options, IServiceProvider provider)
    {
        if (provider.GetService<StorageRequestCounter>() is { } counter)
            options.AddPolicy(counter.QueuePolicy, HttpPipelinePosition.PerRetry);
    }

    /// <summary>A citizen waits on these calls: a few quick retries, then a 503 that says try again, rather than a long hang.</summary>
    private static void AnswerFast(Azure.Core.RetryOptions retry)
    {
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(100);
        retry.MaxDelay = TimeSpan.FromSeconds(1);
        retry.NetworkTimeout = TimeSpan.FromSeconds(5);
    }

    private static void Probe(Azure.Core.RetryOptions retry)
    {
        retry.MaxRetries = 0;
        retry.NetworkTimeout = Readiness.CheckTimeout;
    }

    private static PipelineSettings Settings(IServiceProvider provider) => provider.GetRequiredService<IOptions<PipelineSettings>>().Value;
}
