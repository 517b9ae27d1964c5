using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Feedback.Browser.Tests;

/// <summary>
/// The app on a real Kestrel port on loopback, in Local mode with fresh settings, for a browser to visit. Its own
/// background runner processes the queue, as <c>./feedback run</c> does.
/// </summary>
public sealed class CitizenSite : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    /// <param name="storageConnectionString">Azurite's, or <c>Azurite.UnreachableConnectionString</c> for storage that is down.</param>
    /// <param name="webRequestsPerMinute">The per-client rate limit; the default lets a test run ask as often as it likes.</param>
    public CitizenSite(string storageConnectionString, int webRequestsPerMinute = 10_000)
    {
        settings = new()
        {
            ["Feedback:Mode"] = "Local",
            ["Feedback:StorageConnectionString"] = storageConnectionString,
            ["Feedback:SmsInboundSecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
            ["Feedback:PhoneEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Feedback:PhoneLookupKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Feedback:WebRequestsPerMinute"] = webRequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        UseKestrel(0);
    }

    /// <summary>Where the site listens (http://127.0.0.1:PORT/), starting it on first use.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
    }
}
