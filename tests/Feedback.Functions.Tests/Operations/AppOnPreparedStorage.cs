using Feedback.Core.Routing;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Storage.Routing;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Operations;

/// <summary>
/// The app against Azurite, with intake's tables created and the demo routing stored in full before it starts.
/// The app creates and seeds them itself in the background, so a test that submits at once could find no table
/// yet (503); and a test that ends moments after the start stops a seeding half-way, leaving part of the routing
/// that every later app loads ("zanjan is not served by this deployment"). Done beforehand, nothing is seeded,
/// and a table an earlier test left half-seeded is repaired.
/// </summary>
public abstract class AppOnPreparedStorage(Azurite azurite) : AppAgainstAzurite(azurite)
{
    protected Azurite Azurite { get; } = azurite;

    public override async Task InitializeAsync()
    {
        var tables = StorageClients.FromConnectionString(Azurite.ConnectionString).Tables;
        await new TableFeedbackStore(tables).EnsureTablesAsync(CancellationToken.None);
        await tables.CreateTableIfNotExistsAsync(TableRoutingStore.RoutingTable, CancellationToken.None);
        await new TableRoutingStore(tables).SaveAsync(DemoRoutingData.Data, CancellationToken.None);
        await base.InitializeAsync();
    }
}
