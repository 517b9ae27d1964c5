using Feedback.Core.Routing;
using Feedback.Functions.Configuration;
using Feedback.Functions.Operations;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Routing;

/// <summary>
/// Keeps <see cref="RoutingSource"/> in step with the routing data in storage: loaded at start and every
/// <see cref="Every"/>, so an import takes effect without a restart. In Local mode an empty store is seeded with
/// the demo province's data; in Azure an empty store is an operator's job (<c>./feedback routing import</c>),
/// and says so in the log until done. Data that does not make a valid table is refused and the last good one kept.
/// The first read waits for <see cref="StorageSetup"/>, which creates the table on a fresh Azurite.
/// </summary>
internal sealed partial class RoutingRefresher(IOptions<PipelineSettings> settings, IRoutingStore store, RoutingSource source, StorageSetup storage, TimeProvider clock, ILogger<RoutingRefresher> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    private readonly TaskCompletionSource firstRefresh = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Done once the refresh at start has run (loaded, seeded, refused or failed); after it the routing in force changes
    /// only at an explicit refresh or a minute later. Whoever changes the stored routing right after a start waits for
    /// it, or that first refresh (Local mode: seeding an empty store) can land after the change.
    /// </summary>
    public Task FirstRefresh => firstRefresh.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await storage.Ready.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var loadedOnce = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
                loadedOnce = true;
            }
            catch (Exception unavailable) when (unavailable is not OperationCanceledException)
            {
                LogUnavailable(logger, unavailable.Message);
            }
            firstRefresh.TrySetResult();
            await Task.Delay(loadedOnce ? Every : TimeSpan.FromSeconds(2), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var stored = await store.LoadAsync(cancellationToken);
        if (stored is null && settings.Value.Mode == HostingMode.Local)
        {
            await store.SaveAsync(DemoRoutingData.Data, cancellationToken);
            stored = DemoRoutingData.Data;
        }
        if (stored is null)
        {
            LogNoRouting(logger);
            return;
        }
        try
        {
            source.Replace(stored.ToTable());
        }
        catch (ArgumentException invalid)
        {
            LogInvalid(logger, invalid.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing data could not be read: {Reason}; keeping the routing in force")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "No routing data is stored: nothing can be routed until it is imported (./feedback routing import)")]
    private static partial void LogNoRouting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored routing data is invalid and was not loaded: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string reason);
}
