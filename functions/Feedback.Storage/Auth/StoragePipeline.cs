using Azure.Core;
using Azure.Core.Pipeline;

namespace Feedback.Storage.Auth;

/// <summary>
/// Builds the Azure.Core pipeline a storage client sends through: the service version header, retries
/// (<see cref="StorageClientOptions"/>), and either Shared Key signing with the account key (Azurite, key-based
/// accounts) or an Entra ID token for Azure Storage (a managed identity in Azure).
/// </summary>
public static class StoragePipeline
{
    /// <summary>The REST API version every request asks for (x-ms-version).</summary>
    public const string ServiceVersion = "2024-11-04";

    public const string TokenScope = "https://storage.azure.com/.default";

    /// <param name="credential">When given, requests carry its bearer token; otherwise the connection's
    /// AccountKey signs them.</param>
    /// <exception cref="InvalidOperationException">Neither a credential nor an account key is available.</exception>
    public static HttpPipeline Create(
        StorageConnection connection, StorageService service, TokenCredential? credential, StorageClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        HttpPipelinePolicy authentication;
        if (credential is not null)
            authentication = new BearerTokenAuthenticationPolicy(credential, TokenScope);
        else if (connection.HasAccountKey)
            authentication = new SharedKeyPolicy(service, connection.AccountName, connection.AccountKey.ToArray());
        else
            throw new InvalidOperationException(
                $"The storage connection ({connection}) has no AccountKey: pass a TokenCredential (e.g. a managed identity) to authenticate.");

        var pipelineOptions = new HttpPipelineOptions(options ?? new StorageClientOptions())
        {
            RequestFailedDetailsParser = StorageErrorParser.Instance,
        };
        pipelineOptions.PerCallPolicies.Add(new ServiceVersionPolicy());
        pipelineOptions.PerRetryPolicies.Add(authentication);
        return HttpPipelineBuilder.Build(pipelineOptions);
    }

    private sealed class ServiceVersionPolicy : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) =>
            message.Request.Headers.SetValue("x-ms-version", ServiceVersion);
    }
}
