using System.Net;
using System.Text.Json;
using Feedback.Functions.OpenApi;
using Feedback.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Feedback.Functions.Tests.Operations;

/// <summary>The OpenAPI document describes every API route the app serves, and only those.</summary>
public sealed class OpenApiTests(Azurite azurite) : AppOnPreparedStorage(azurite)
{
    [Fact]
    public async Task Every_api_route_the_app_serves_is_in_the_document_with_its_methods()
    {
        using var document = await DocumentAsync();
        var paths = document.RootElement.GetProperty("paths");
        var served = ServedApiOperations();

        var undocumented = served
            .Where(operation => !(paths.TryGetProperty(operation.Path, out var item) && item.TryGetProperty(operation.Method.ToLowerInvariant(), out _)))
            .Select(operation => $"{operation.Method} {operation.Path}")
            .ToList();

        Assert.Contains(served, operation => operation == ("POST", "/api/feedback"));
        Assert.True(undocumented.Count == 0, $"served but not in {ApiDocumentation.DocumentPath}: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public async Task The_host_triggers_the_developer_pages_and_the_citizen_pages_are_left_out()
    {
        using var document = await DocumentAsync();
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToList();

        Assert.All(paths, path => Assert.StartsWith("/api/", path + "/", StringComparison.Ordinal));
        Assert.DoesNotContain("/ProcessFeedback", paths);
        Assert.DoesNotContain("/SendNotifications", paths);
        Assert.DoesNotContain("/dev/phone", paths);
        Assert.DoesNotContain("/", paths);
    }

    [Fact]
    public void Every_documented_operation_is_one_the_app_serves()
    {
        var served = ServedApiOperations();

        var stale = ApiDocumentation.Operations.Keys.Where(key => !served.Contains((key.Method, "/" + key.Route))).ToList();

        Assert.True(stale.Count == 0, $"documented but not served: {string.Join(", ", stale)}");
    }

    [Fact]
    public async Task A_documented_operation_carries_its_id_summary_tag_request_body_and_responses()
    {
        using var document = await DocumentAsync();
        var submit = document.RootElement.GetProperty("paths").GetProperty("/api/feedback").GetProperty("post");

        Assert.Equal("submitWebFeedback", submit.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(submit.GetProperty("summary").GetString()));
        Assert.Equal(["Intake"], submit.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
        var body = submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.True(Resolve(document, body).GetProperty("properties").TryGetProperty("text", out _), body.GetRawText());
        var responses = submit.GetProperty("responses");
        Assert.True(responses.TryGetProperty("202", out _));
        Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.TryGetProperty("503", out _));
    }

    [Fact]
    public async Task Operation_ids_are_unique()
    {
        using var document = await DocumentAsync();
        var ids = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(operation => operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("operationId", out _))
            .Select(operation => operation.Value.GetProperty("operationId").GetString())
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    private async Task<JsonDocument> DocumentAsync()
    {
        using var response = await Client.GetAsync(new Uri(ApiDocumentation.DocumentPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A schema, or the component schema it refers to.</summary>
    private static JsonElement Resolve(JsonDocument document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    /// <summary>Every (method, path) the app routes under /api/, the path written as OpenAPI writes it.</summary>
    private HashSet<(string Method, string Path)> ServedApiOperations()
    {
        var operations = new HashSet<(string Method, string Path)>();
        foreach (var endpoint in Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = OpenApiPath(endpoint.RoutePattern);
            if (!path.StartsWith("/api/", StringComparison.Ordinal))
                continue;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            Assert.True(methods is { Count: > 0 }, $"{path} answers any method: give it its methods");
            foreach (var method in methods!)
                operations.Add((method, path));
        }
        return operations;
    }

    private static string OpenApiPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            _ => "",
        }))));
}
