using Feedback.Functions.Configuration;
using Microsoft.AspNetCore.HostFiltering;

namespace Feedback.Functions.Http;

/// <summary>
/// Local mode answers only requests addressed to a loopback name: a page on another site that re-points its own
/// name at 127.0.0.1 (DNS rebinding) reaches the app with its own name in the Host header and gets 400, so it cannot
/// use the demo sign-in or the developer phone as if it were this site. An AllowedHosts setting other than "*" wins.
/// </summary>
internal static class LocalHosts
{
    public static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddLocalHostFiltering(this IServiceCollection services, IConfiguration configuration)
    {
        if (!HostingModes.IsLocal(configuration))
            return services;
        var configured = configuration["AllowedHosts"];
        if (string.IsNullOrWhiteSpace(configured) || configured.Trim() == "*")
            services.Configure<HostFilteringOptions>(options => options.AllowedHosts = Loopback);
        return services;
    }
}
