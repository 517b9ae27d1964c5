using System.Text.Json;
using Feedback.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests;

/// <summary>The Functions host's files laid out beside the app agree with the endpoints the app serves.</summary>
[Collection(Azurite.Collection)]
public class HostFilesTests(Azurite azurite)
{
    private static readonly string HostRoot = AppContext.BaseDirectory;

    public static TheoryData<string> Functions() => new(
        Directory.GetDirectories(HostRoot).Where(directory => File.Exists(Path.Combine(directory, "function.json"))).Select(Path.GetFileName).Order()!);

    [Fact]
    public void The_host_json_names_the_app_as_its_custom_handler()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(HostRoot, "host.json")));
        var handler = host.RootElement.GetProperty("customHandler");

        Assert.Equal("Feedback.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.True(File.Exists(Path.Combine(HostRoot, "Feedback.Functions.dll")));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Every_function_has_an_endpoint(string function)
    {
        using var definition = JsonDocument.Parse(File.ReadAllText(Path.Combine(HostRoot, function, "function.json")));
        var trigger = definition.RootElement.GetProperty("bindings").EnumerateArray().Single(binding => binding.GetProperty("direction").GetString() == "in");
        await using var factory = new FeedbackAppFactory();
        factory.Settings["Feedback:StorageConnectionString"] = azurite.ConnectionString;
        using var client = factory.CreateClient();
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(endpoint => (Pattern: endpoint.RoutePattern.RawText!.TrimStart('/'), Methods: endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToArray();

        if (trigger.GetProperty("type").GetString() == "httpTrigger")
        {
            var route = "api/" + trigger.GetProperty("route").GetString();
            foreach (var method in trigger.GetProperty("methods").EnumerateArray().Select(value => value.GetString()!.ToUpperInvariant()))
                Assert.Contains(routes, served => served.Pattern == route && served.Methods.Contains(method));
        }
        else
        {
            Assert.Contains(routes, served => served.Pattern == function && served.Methods.Contains("POST"));
        }
    }
}
