using System.Security.Cryptography;
using Feedback.Core.Routing;
using Feedback.Functions.Tests.Agencies;
using Feedback.Storage.Clients;
using Feedback.Storage.Connection;
using Feedback.Storage.Notifications;
using Feedback.Storage.Routing;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Access;

/// <summary>
/// The app with storage ready for a call to every endpoint: the demo routing stored whole before it starts, the SMS
/// and API key tables made, and a delivery-report secret of its own (<see cref="DeliverySecret"/>).
/// </summary>
public abstract class EveryEndpointApp(Azurite azurite, FeedbackAppFactory? sharedApp = null) : StaffAppTests(azurite, sharedApp)
{
    private const string DeliverySecretSetting = "Feedback:SmsDeliverySecret";

    /// <summary>The app's delivery-report secret (one for the class when the app is shared).</summary>
    protected string DeliverySecret =>
        Factory.Settings.TryGetValue(DeliverySecretSetting, out var secret) && secret is not null
            ? secret
            : Factory.Settings[DeliverySecretSetting] = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));

    public override Task InitializeAsync()
    {
        _ = DeliverySecret; // the app starts with it
        return base.InitializeAsync();
    }

    /// <summary>
    /// An app stopped half-way through seeding the demo routing leaves a part of it that every later app loads (see
    /// AppOnPreparedStorage): stored whole before this one starts, the agencies the rows name are all there.
    /// </summary>
    protected override async Task PrepareStorageBeforeStartAsync()
    {
        await base.PrepareStorageBeforeStartAsync();
        var tables = StorageClients.FromConnectionString(ConnectionString).Tables;
        await tables.CreateTableIfNotExistsAsync(TableRoutingStore.RoutingTable, CancellationToken.None);
        await new TableRoutingStore(tables).SaveAsync(DemoRoutingData.Data, CancellationToken.None);
    }

    protected override async Task PrepareStorageAsync()
    {
        await base.PrepareStorageAsync();
        var tables = StorageClients.FromConnectionString(ConnectionString).Tables;
        foreach (var table in TableSmsStore.Tables)
            await tables.CreateTableIfNotExistsAsync(table, CancellationToken.None);
        await Service<TableApiKeyStore>().EnsureTableAsync(CancellationToken.None);
    }
}
