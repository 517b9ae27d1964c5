using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Feedback.Storage.Connection;

/// <summary>
/// The storage account's Table and Queue service clients, long-lived and thread-safe: from a connection string
/// (Azurite, <c>UseDevelopmentStorage=true</c> or explicit endpoints with its well-known key) or from the account's
/// name and an Entra ID credential (the managed identity in Azure).
/// </summary>
public sealed record StorageClients(TableServiceClient Tables, QueueServiceClient Queues)
{
    /// <exception cref="FormatException">The connection string is empty or not one the Azure SDKs can read; the message
    /// says what is wrong and never repeats the account key.</exception>
    public static StorageClients FromConnectionString(string connectionString, TableClientOptions? tableOptions = null, QueueClientOptions? queueOptions = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new FormatException("Invalid storage connection string: it is empty.");
        try
        {
            return new StorageClients(new TableServiceClient(connectionString, tableOptions), new QueueServiceClient(connectionString, queueOptions));
        }
        catch (Exception invalid) when (invalid is FormatException or InvalidOperationException or ArgumentException or UriFormatException)
        {
            throw new FormatException($"Invalid storage connection string: {invalid.Message}", invalid);
        }
    }

    /// <summary>The account's public endpoints (https://{account}.table.core.windows.net and .queue.), authorized by <paramref name="credential"/>.</summary>
    public static StorageClients ForAccount(string accountName, TokenCredential credential, TableClientOptions? tableOptions = null, QueueClientOptions? queueOptions = null) => new(
        new TableServiceClient(TableEndpoint(accountName), credential, tableOptions),
        new QueueServiceClient(QueueEndpoint(accountName), credential, queueOptions));

    public static Uri TableEndpoint(string accountName) => new($"https://{accountName}.table.core.windows.net");

    public static Uri QueueEndpoint(string accountName) => new($"https://{accountName}.queue.core.windows.net");
}
