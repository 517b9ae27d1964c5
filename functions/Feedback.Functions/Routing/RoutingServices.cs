using Feedback.Core.Routing;
using Feedback.Storage.Routing;

namespace Feedback.Functions.Routing;

internal static class RoutingServices
{
    /// <summary>The routing data in force, refreshed from its table every minute.</summary>
    public static IServiceCollection AddRoutingData(this IServiceCollection services, bool local)
    {
        // Local mode routes with the demo data from the start (the refresher seeds the table with it); Azure waits for the stored data.
        services.AddSingleton(new RoutingSource(local ? DemoRoutingData.CreateTable() : RoutingData.Empty.ToTable()));
        services.AddSingleton<TableRoutingStore>();
        services.AddSingleton<IRoutingStore>(provider => provider.GetRequiredService<TableRoutingStore>());
        services.AddSingleton<RoutingRefresher>();
        services.AddHostedService(provider => provider.GetRequiredService<RoutingRefresher>());
        return services;
    }
}
