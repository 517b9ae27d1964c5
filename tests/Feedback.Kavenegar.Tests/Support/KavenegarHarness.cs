using Feedback.Kavenegar.StandIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Kavenegar.Tests.Support;

/// <summary>
/// A stand-in Kavenegar on a free loopback port and clients built the way the app builds them (DI, IHttpClientFactory),
/// logging into <see cref="Logs"/>, with retry delays of a few milliseconds.
/// </summary>
public sealed class KavenegarHarness : IAsyncDisposable
{
    /// <summary>Distinctive, so that any leak of it into a log or an exception is found by a plain search.</summary>
    public const string ApiKey = "7A3F9C21-SECRET-KEY-5E8D0B64";

    public const string Sender = "2000660110";

    public const string Receptor = "09121234567";

    private readonly List<ServiceProvider> providers = [];

    private KavenegarHarness(KavenegarStandIn standIn) => StandIn = standIn;

    public KavenegarStandIn StandIn { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public static async Task<KavenegarHarness> StartAsync(TimeProvider? clock = null) => new(await KavenegarStandIn.StartAsync(ApiKey, clock));

    public KavenegarClient CreateClient(Action<KavenegarOptions>? adjust = null) =>
        BuildProvider(adjust).GetRequiredService<KavenegarClient>();

    public ServiceProvider BuildProvider(Action<KavenegarOptions>? adjust = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddKavenegarClient(options =>
        {
            options.ApiKey = ApiKey;
            options.BaseAddress = StandIn.BaseAddress;
            options.Sender = Sender;
            options.BaseRetryDelay = TimeSpan.FromMilliseconds(1);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(5);
            adjust?.Invoke(options);
        });
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        await StandIn.DisposeAsync();
    }

    /// <summary>Waits (at most 30 s) until the stand-in has received <paramref name="count"/> calls.</summary>
    public async Task WaitForCallsAsync(int count)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (StandIn.Calls.Count < count)
        {
            await Task.Delay(10, patience.Token);
        }
    }
}

/// <summary>Starts a fresh harness for every test of the class deriving from it.</summary>
public abstract class KavenegarTest : IAsyncLifetime
{
    protected KavenegarHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync() => Harness = await KavenegarHarness.StartAsync();

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
