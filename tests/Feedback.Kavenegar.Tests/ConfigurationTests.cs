using Feedback.Kavenegar.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Kavenegar.Tests;

public sealed class ConfigurationTests : KavenegarTest
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_missing_key_is_a_loud_configuration_error_at_first_use(string? apiKey)
    {
        var client = Harness.CreateClient(options => options.ApiKey = apiKey);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, "متن"));

        Assert.Equal(KavenegarFailureKind.Configuration, failure.Kind);
        Assert.Contains("KavenegarOptions.ApiKey", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Harness.StandIn.Calls);
        Assert.Contains(Harness.Logs.Entries, entry => entry.Level == LogLevel.Error && entry.Message.Contains("ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public void The_client_resolves_without_a_key_so_the_app_decides_when_to_use_it()
    {
        using var provider = Harness.BuildProvider(options => options.ApiKey = null);

        Assert.NotNull(provider.GetRequiredService<KavenegarClient>());
    }

    [Fact]
    public void Unusable_options_are_refused_when_the_client_is_resolved()
    {
        using var provider = Harness.BuildProvider(options => options.RequestTimeout = TimeSpan.Zero);

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<KavenegarClient>());
    }

    [Theory]
    [InlineData(-1, 1, 5)]
    [InlineData(3, -1, 5)]
    [InlineData(3, 10, 5)]
    public void Retry_settings_out_of_range_are_refused(int attempts, int baseDelayMilliseconds, int maxDelayMilliseconds)
    {
        using var provider = Harness.BuildProvider(options =>
        {
            options.MaxRetryAttempts = attempts;
            options.BaseRetryDelay = TimeSpan.FromMilliseconds(baseDelayMilliseconds);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(maxDelayMilliseconds);
        });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<KavenegarClient>());
    }

    [Fact]
    public async Task A_base_address_without_a_trailing_slash_still_reaches_the_api()
    {
        var bare = new Uri(Harness.StandIn.BaseAddress.ToString().TrimEnd('/'));
        var client = Harness.CreateClient(options => options.BaseAddress = bare);

        await client.GetAccountInfoAsync();

        Assert.True(Assert.Single(Harness.StandIn.Calls).ApiKeyAccepted);
    }

    [Fact]
    public void The_defaults_are_Kavenegars_address_and_a_modest_pipeline()
    {
        var options = new KavenegarOptions();

        Assert.Equal(new Uri("https://api.kavenegar.com/"), options.BaseAddress);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
        Assert.Equal(3, options.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(0.5), options.BaseRetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(8), options.MaxRetryDelay);
        Assert.Null(options.ApiKey);
    }
}
