using System.Net;
using Feedback.Functions.Configuration;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Http;

/// <summary>
/// The caller's address, which the per-client rate limits are keyed by. X-Forwarded-For is believed only from a
/// loopback proxy and only for <see cref="PipelineSettings.TrustedForwardedHops"/> entries counted from the right
/// (the entries a proxy appended; anything further left is what the client wrote itself).
/// <para>
/// Assumption (Azure): App Service's front end appends the caller's address ("ip:port") to X-Forwarded-For and the
/// Functions host relays the request to the custom handler over loopback with that header unchanged, adding none of
/// its own: one hop. A deployment with another proxy in front (Front Door, Application Gateway) sets ForwardedHops.
/// Locally nothing stands in front of the app, so the header is never believed and a client cannot pick its budget.
/// </para>
/// </summary>
internal static class ClientAddress
{
    public static IApplicationBuilder UseClientAddress(this IApplicationBuilder app)
    {
        var hops = app.ApplicationServices.GetRequiredService<IOptions<PipelineSettings>>().Value.TrustedForwardedHops;
        if (hops == 0)
            return app;
        // The defaults trust loopback proxies only (127.0.0.0/8 and ::1), which is where the Functions host calls from.
        return app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = hops });
    }

    /// <summary>
    /// The rate-limit key of a caller: its IPv4 address, or the /64 prefix of an IPv6 one (a single subscriber is
    /// usually given a whole /64 and could otherwise take a fresh budget from each of its addresses).
    /// </summary>
    public static string Key(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
