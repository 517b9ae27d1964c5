using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests;

/// <summary>The app in Local mode with fresh, valid settings; <see cref="Settings"/> can be changed before the first client.</summary>
public sealed class FeedbackAppFactory : WebApplicationFactory<Program>
{
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Feedback:Mode"] = "Local",
        ["Feedback:StorageConnectionString"] = "UseDevelopmentStorage=true",
        ["Feedback:SmsInboundSecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
        ["Feedback:PhoneEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Feedback:PhoneLookupKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    /// <summary>The app's clock, when a test sets one (e.g. to keep SMS out of quiet hours).</summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>Services a test puts in place of the app's own (e.g. a stand-in for the sign-in).</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    /// <summary>
    /// Whether a test has put in storage what every test of this app expects (tables, the demo routing and staff):
    /// the tests sharing one app (<see cref="OneAppPerClass"/>) then skip that idempotent set-up, some twenty requests each.
    /// </summary>
    public bool StoragePrepared { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        if (Clock is { } clock)
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        if (TestServices is { } replace)
            builder.ConfigureTestServices(replace);
    }
}
