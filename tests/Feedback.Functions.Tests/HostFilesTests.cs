using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Feedback.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests;

/// <summary>The Functions host's files laid out beside the app agree with the endpoints the app serves.</summary>
[Collection(Azurite.Collection)]
public partial class HostFilesTests(Azurite azurite, OneAppPerClass shared) : IClassFixture<OneAppPerClass>
{
    private static readonly string HostRoot = AppContext.BaseDirectory;

    public static TheoryData<string> Functions() => new(FunctionNames());

    public static TheoryData<string> ApiFunctions() => new(FunctionNames().Where(name => IsHttp(name) && !IsCatchAll(name)));

    [Fact]
    public void The_host_json_names_the_app_as_its_custom_handler()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(HostRoot, "host.json")));
        var handler = host.RootElement.GetProperty("customHandler");

        Assert.Equal("/bin/sh", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.Equal("start.sh", Assert.Single(handler.GetProperty("description").GetProperty("arguments").EnumerateArray()).GetString());
        Assert.Contains("Feedback.Functions", File.ReadAllText(Path.Combine(HostRoot, "start.sh")), StringComparison.Ordinal);
        // What the host documents today for HTTP-only functions: the request is proxied (YARP), body streamed, instead of
        // the legacy forwarding that rebuilt it and dropped a body without a Content-Length.
        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.False(handler.TryGetProperty("enableForwardingHttpRequest", out _));
        Assert.True(File.Exists(Path.Combine(HostRoot, "Feedback.Functions.dll")));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Every_function_has_an_endpoint(string function)
    {
        var trigger = Trigger(function);
        var factory = shared.On(azurite);
        using var client = factory.CreateClient();
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(endpoint => (Pattern: endpoint.RoutePattern.RawText!.TrimStart('/'), Methods: endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToArray();

        if (trigger.GetProperty("type").GetString() != "httpTrigger")
        {
            Assert.Contains(routes, served => served.Pattern == function && served.Methods.Contains("POST"));
            return;
        }
        if (IsCatchAll(function))
        {
            // The catch-all forwards the citizen pages, which the app serves at their own paths.
            foreach (var page in (string[])["/", "/status"])
            {
                using var response = await client.GetAsync(page);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            }
            return;
        }
        var route = HostRoute(trigger.GetProperty("route").GetString()!);
        foreach (var method in Methods(trigger))
            Assert.Contains(routes, served => served.Pattern == route && served.Methods.Contains(method));
    }

    /// <summary>
    /// The Functions host tries HTTP functions' routes in the order it registers them, not by specificity as ASP.NET
    /// Core does, so the pages' catch-all must match nothing another function serves: tried first, it still leaves
    /// each function its own requests. Matched with the routing types the host itself uses.
    /// </summary>
    [Theory]
    [MemberData(nameof(ApiFunctions))]
    public async Task A_request_for_a_function_reaches_it_with_the_pages_catch_all_tried_first(string function)
    {
        var trigger = Trigger(function);
        var path = "/" + RouteParameter().Replace(HostRoute(trigger.GetProperty("route").GetString()!), "1234567890");

        foreach (var method in Methods(trigger))
            Assert.Equal(function, await FunctionForAsync(method, path));
    }

    [Theory]
    [InlineData("GET", "/", "Pages")]
    [InlineData("GET", "/status", "Pages")]
    [InlineData("GET", "/css/site.css", "Pages")]
    [InlineData("GET", "/apiary", "Pages")]
    [InlineData("GET", "/api/unknown", null)]
    [InlineData("GET", "/API/unknown", null)]
    [InlineData("GET", "/api", null)]
    [InlineData("POST", "/status", null)]
    public async Task The_pages_catch_all_takes_every_get_outside_api_and_nothing_inside_it(string method, string path, string? function) =>
        Assert.Equal(function, await FunctionForAsync(method, path));

    /// <summary>The function the host would run for the request, with catch-all routes registered first; null for none.</summary>
    private async Task<string?> FunctionForAsync(string method, string path)
    {
        var factory = shared.On(azurite);
        var resolver = factory.Services.GetRequiredService<IInlineConstraintResolver>();
        var functionRoutes = new RouteCollection();
        foreach (var name in FunctionNames().Where(IsHttp).OrderBy(name => IsCatchAll(name) ? 0 : 1))
        {
            var trigger = Trigger(name);
            functionRoutes.Add(new Route(
                new RouteHandler(_ => Task.CompletedTask),
                name,
                HostRoute(trigger.GetProperty("route").GetString()!),
                defaults: null,
                constraints: new Dictionary<string, object> { ["httpMethod"] = new HttpMethodRouteConstraint(Methods(trigger)) },
                dataTokens: new RouteValueDictionary { ["function"] = name },
                resolver));
        }
        var request = new DefaultHttpContext { RequestServices = factory.Services };
        request.Request.Method = method;
        request.Request.Path = path;
        var routing = new RouteContext(request);

        await functionRoutes.RouteAsync(routing);

        return routing.Handler is null ? null : (string?)routing.RouteData.DataTokens["function"];
    }

    private static bool IsHttp(string function) => Trigger(function).GetProperty("type").GetString() == "httpTrigger";

    private static bool IsCatchAll(string function) =>
        IsHttp(function) && HostRoute(Trigger(function).GetProperty("route").GetString()!).StartsWith("{*", StringComparison.Ordinal);

    private static string[] FunctionNames() =>
        Directory.GetDirectories(HostRoot).Where(directory => File.Exists(Path.Combine(directory, "function.json"))).Select(Path.GetFileName).Order().ToArray()!;

    private static JsonElement Trigger(string function)
    {
        using var definition = JsonDocument.Parse(File.ReadAllText(Path.Combine(HostRoot, function, "function.json")));
        return definition.RootElement.GetProperty("bindings").EnumerateArray().Single(binding => binding.GetProperty("direction").GetString() == "in").Clone();
    }

    private static string[] Methods(JsonElement trigger) =>
        trigger.GetProperty("methods").EnumerateArray().Select(value => value.GetString()!.ToUpperInvariant()).ToArray();

    /// <summary>The route as the host maps it: host.json's extensions.http.routePrefix, then the function's route.</summary>
    private static string HostRoute(string route)
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(HostRoot, "host.json")));
        var prefix = host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        return string.IsNullOrEmpty(prefix) ? route : $"{prefix}/{route}";
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
