using System.Threading.RateLimiting;
using Feedback.Core.Scorecard;
using Feedback.Functions.Http;
using Feedback.Storage.Scorecard;

namespace Feedback.Functions.Scorecard;

/// <summary>The public scorecard's services: where it reads, its output cache and its own rate limit.</summary>
internal static class ScorecardServices
{
    public static IServiceCollection AddScorecard(this IServiceCollection services)
    {
        services.AddSingleton<IScorecardSource, TableScorecardSource>();
        services.AddOutputCache(cache => cache.AddPolicy(ScorecardEndpoints.CachePolicy, policy => policy.Expire(ScorecardEndpoints.CacheDuration).SetVaryByQuery("period")));
        // Its own budget per client: reading the scorecard never uses up a citizen's sending or status look-ups.
        services.AddRateLimiter(limiter => limiter.AddPolicy(ScorecardEndpoints.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            ClientAddress.Key(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = ScorecardEndpoints.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return services;
    }
}
