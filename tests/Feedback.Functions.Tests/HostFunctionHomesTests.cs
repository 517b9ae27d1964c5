using System.Text.Json;
using Feedback.Functions.Http;
using Feedback.Functions.Triggers;
using Feedback.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests;

/// <summary>
/// A search for a function's name from host/ finds its C# home: a queue or timer function's class is named after
/// it, an HTTP function's endpoint carries its name (or, for a function serving several, <see cref="HostFunction"/>).
/// </summary>
[Collection(Azurite.Collection)]
public sealed class HostFunctionHomesTests(Azurite azurite, OneAppPerClass shared) : IClassFixture<OneAppPerClass>
{
    public static TheoryData<string> Functions() => new(FunctionNames());

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Every_function_has_a_home_named_after_it(string function)
    {
        var factory = shared.On(azurite);
        using var client = factory.CreateClient();

        if (!IsHttp(function))
        {
            var triggers = factory.Services.GetServices<IQueueTrigger>().Select(trigger => (trigger.FunctionName, Type: trigger.GetType()))
                .Concat(factory.Services.GetServices<ITimerTrigger>().Select(timer => (timer.FunctionName, Type: timer.GetType())));
            Assert.Equal($"{function}Function", Assert.Single(triggers, trigger => trigger.FunctionName == function).Type.Name);
        }
        Assert.Contains(Endpoints(factory), endpoint => HomeOf(endpoint) == function);
    }

    [Fact]
    public async Task Every_endpoint_names_the_host_function_that_serves_it()
    {
        var factory = shared.On(azurite);
        using var client = factory.CreateClient();
        var functions = FunctionNames();

        var homeless = Endpoints(factory).Where(endpoint => HomeOf(endpoint) is not { } home || !functions.Contains(home))
            .Select(endpoint => $"{endpoint.RoutePattern.RawText} ({HomeOf(endpoint) ?? "no name"})");

        Assert.Empty(homeless);
    }

    private static RouteEndpoint[] Endpoints(FeedbackAppFactory factory) =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();

    private static string[] FunctionNames() =>
        Directory.GetDirectories(AppContext.BaseDirectory).Where(directory => File.Exists(Path.Combine(directory, "function.json"))).Select(Path.GetFileName).Order().ToArray()!;

    private static bool IsHttp(string function)
    {
        using var definition = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, function, "function.json")));
        return definition.RootElement.GetProperty("bindings").EnumerateArray().Any(binding => binding.GetProperty("type").GetString() == "httpTrigger");
    }

    private static string? HomeOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HostFunction>()?.Name ?? endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
}
