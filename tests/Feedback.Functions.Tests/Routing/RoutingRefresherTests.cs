using Azure.Data.Tables;
using Feedback.Core.Routing;
using Feedback.Functions.Configuration;
using Feedback.Functions.Operations;
using Feedback.Functions.Routing;
using Feedback.Storage.Clients;
using Feedback.Storage.Items;
using Feedback.Storage.Routing;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Tests.Routing;

/// <summary>The refresher's first read waits for storage setup: on a fresh Azurite the routing table exists only after it.</summary>
[Collection(Azurite.Collection)]
public sealed class RoutingRefresherTests(Azurite azurite)
{
    [Fact]
    public async Task The_first_read_comes_after_storage_setup_is_done()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(Options.Create(new PipelineSettings { Mode = HostingMode.Local }))
            .AddSingleton(tables)
            .AddSingleton(new TableFeedbackStore(tables))
            .AddSingleton(new TableApiKeyStore(tables))
            .AddSingleton(new TableRoutingStore(tables))
            .AddSingleton<StorageSetup>()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new RoutingSource(DemoRoutingData.CreateTable()))
            .AddSingleton<FirstReadStore>()
            .AddSingleton<IRoutingStore>(provider => provider.GetRequiredService<FirstReadStore>());
        await using var provider = services.BuildServiceProvider();
        var setup = provider.GetRequiredService<StorageSetup>();
        using var refresher = ActivatorUtilities.CreateInstance<RoutingRefresher>(provider);

        await refresher.StartAsync(CancellationToken.None);
        await setup.StartAsync(CancellationToken.None);
        var setupDoneAtFirstRead = await provider.GetRequiredService<FirstReadStore>().FirstRead.WaitAsync(TimeSpan.FromSeconds(60));
        await refresher.StopAsync(CancellationToken.None);
        await setup.StopAsync(CancellationToken.None);

        Assert.True(setupDoneAtFirstRead);
    }

    /// <summary>The demo data, and whether storage setup was done when it was first read.</summary>
    private sealed class FirstReadStore(StorageSetup setup) : IRoutingStore
    {
        private readonly TaskCompletionSource<bool> firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<bool> FirstRead => firstRead.Task;

        public Task<RoutingData?> LoadAsync(CancellationToken cancellationToken)
        {
            firstRead.TrySetResult(setup.Ready.IsCompleted);
            return Task.FromResult<RoutingData?>(DemoRoutingData.Data);
        }

        public Task SaveAsync(RoutingData data, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
