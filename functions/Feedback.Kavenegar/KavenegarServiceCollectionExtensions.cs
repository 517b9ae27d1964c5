using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Kavenegar;

/// <summary>Registers <see cref="KavenegarClient"/> as a typed HttpClient.</summary>
public static class KavenegarServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="KavenegarClient"/> (IHttpClientFactory typed client) with its options and resilience pipeline.
    /// The factory's own request logging is removed, because it would write the URL and with it the API key; the client
    /// logs each call itself with the key redacted. Options are validated when the client is first resolved; a missing
    /// API key is reported at the first call instead.
    /// </summary>
    /// <returns>The client's builder, for adding handlers (a primary handler for tests, say).</returns>
    public static IHttpClientBuilder AddKavenegarClient(this IServiceCollection services, Action<KavenegarOptions> configure)
    {
        services.AddOptions<KavenegarOptions>()
            .Configure(configure)
            .Validate(options => options.Problem() is null, "KavenegarOptions are not usable: a timeout, retry count or delay is out of range, or BaseAddress is not absolute.");
        services.TryAddSingleton(provider => new KavenegarPipeline(
            provider.GetRequiredService<IOptions<KavenegarOptions>>().Value,
            provider.GetRequiredService<ILogger<KavenegarClient>>()));

        return services
            .AddHttpClient<KavenegarClient, KavenegarClient>((httpClient, provider) => new KavenegarClient(
                httpClient,
                provider.GetRequiredService<IOptions<KavenegarOptions>>().Value,
                provider.GetRequiredService<KavenegarPipeline>(),
                provider.GetRequiredService<ILogger<KavenegarClient>>()))
            // Each attempt is bounded by the pipeline's timeout; the whole call by the caller's cancellation token.
            .ConfigureHttpClient(httpClient => httpClient.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
    }
}
