using Azure.Core;

namespace Feedback.Storage.Auth;

/// <summary>
/// Azure.Core client options for the storage clients: exponential backoff on network failures and on
/// 408, 429, 500, 502, 503 and 504 (Azure.Core's retriable statuses), and a per-attempt network timeout.
/// </summary>
public sealed class StorageClientOptions : ClientOptions
{
    public StorageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(200);
        Retry.MaxDelay = TimeSpan.FromSeconds(10);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }
}
