using Feedback.Core.Trends;
using Feedback.Storage.Agencies;
using Feedback.Storage.Trends;

namespace Feedback.Functions.Trends;

/// <summary>The trends slice's services: the exact counters processing writes, and what the dashboard reads.</summary>
internal static class TrendServices
{
    public static IServiceCollection AddTrends(this IServiceCollection services)
    {
        services.AddSingleton<TableTrendCounters>();
        services.AddSingleton<ITrendCounters>(provider => provider.GetRequiredService<TableTrendCounters>());
        services.AddSingleton<ISlaBreachReader>(provider => provider.GetRequiredService<TableSlaBreachLog>());
        services.AddSingleton<ITrendItemIndex, TableTrendItemIndex>();
        services.AddSingleton<TrendDashboard>();
        services.AddSingleton<TrendDrillDown>();
        return services;
    }
}
