using Feedback.Storage.Connection;
using Feedback.Storage.Notifications;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Notifications;

/// <summary>An SMS store on the shared Azurite, its tables created.</summary>
internal static class SmsStores
{
    public static async Task<TableSmsStore> NewAsync(Azurite azurite)
    {
        var tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
        foreach (var table in TableSmsStore.Tables)
            await tables.CreateTableIfNotExistsAsync(table, CancellationToken.None);
        return new TableSmsStore(tables);
    }
}
