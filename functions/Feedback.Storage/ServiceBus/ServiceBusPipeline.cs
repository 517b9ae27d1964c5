using Azure.Core;
using Azure.Core.Pipeline;

namespace Feedback.Storage.ServiceBus;

/// <summary>
/// The Azure.Core pipeline every Service Bus request goes through: authentication (SAS or Entra ID), retries
/// with exponential backoff and jitter on 408/429/500/503 and network failures, a per-try timeout, and
/// Azure.Core's logging, which redacts the Authorization header and custom property headers.
/// </summary>
internal static class ServiceBusPipeline
{
    /// <summary>The Entra ID scope of the Service Bus data plane.</summary>
    public const string EntraIdScope = "https://servicebus.azure.net/.default";

    public static HttpPipeline Create(ServiceBusConnection connection, TokenCredential? credential, ServiceBusSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);

        var clientOptions = new ServiceBusClientOptions
        {
            RetryPolicy = new RetryPolicy(
                options.MaxRetries,
                DelayStrategy.CreateExponentialDelayStrategy(options.InitialRetryDelay, options.MaxRetryDelay)),
        };
        clientOptions.Retry.NetworkTimeout = options.TryTimeout;
        if (options.Transport is not null)
        {
            clientOptions.Transport = options.Transport;
        }

        var pipelineOptions = new HttpPipelineOptions(clientOptions)
        {
            ResponseClassifier = new ServiceBusResponseClassifier(),
        };
        // Per retry, so that every try carries a token that is valid when it is sent.
        pipelineOptions.PerRetryPolicies.Add(CreateAuthenticationPolicy(connection, credential, options));
        return HttpPipelineBuilder.Build(pipelineOptions);
    }

    private static HttpPipelinePolicy CreateAuthenticationPolicy(ServiceBusConnection connection, TokenCredential? credential, ServiceBusSenderOptions options)
    {
        if (connection.SharedAccessKey is { } sharedAccessKey)
        {
            return new SharedAccessSignaturePolicy(sharedAccessKey, options.SharedAccessSignatureLifetime, options.TimeProvider);
        }

        if (credential is null)
        {
            throw new ServiceBusConfigurationException(
                $"Service Bus namespace '{connection.FullyQualifiedNamespace}' is configured without a shared access key, "
                + "so it needs an Entra ID credential (e.g. the managed identity with the 'Azure Service Bus Data Sender' role).");
        }

        return new BearerTokenAuthenticationPolicy(credential, EntraIdScope);
    }

    private sealed class ServiceBusClientOptions : ClientOptions;

    /// <summary>201 (and 200) succeed; only 408, 429, 500 and 503 are worth another try.</summary>
    private sealed class ServiceBusResponseClassifier : ResponseClassifier
    {
        public override bool IsRetriableResponse(HttpMessage message) =>
            message.Response.Status is 408 or 429 or 500 or 503;

        public override bool IsErrorResponse(HttpMessage message) =>
            message.Response.Status is not (200 or 201);
    }
}
