using System.Net;
using System.Text.Json;
using Feedback.Core.Notifications;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Operations;

/// <summary>Liveness and readiness with storage answering (a real Azurite).</summary>
public sealed class HealthEndpointTests(Azurite azurite) : AppOnPreparedStorage(azurite)
{
    [Fact]
    public async Task Ready_answers_200_with_every_check_when_storage_and_the_queue_answer()
    {
        var (status, body) = await GetAsync("/api/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal("up", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("up", checks.GetProperty("queue").GetProperty("status").GetString());
        Assert.Equal("sending", checks.GetProperty("sms").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Paused_sms_is_reported_as_degraded_and_leaves_the_instance_ready()
    {
        Service<SmsSendingStatus>().Report("no credit left on the SMS account");

        var (status, body) = await GetAsync("/api/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        var sms = body.GetProperty("checks").GetProperty("sms");
        Assert.Equal("paused", sms.GetProperty("status").GetString());
        Assert.Contains("no credit", sms.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/health/live", "live")]
    [InlineData("/api/health", "ready")]
    public async Task Live_and_health_answer_200(string path, string expected)
    {
        var (status, body) = await GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, body.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("api/health")]
    [InlineData("api/health/live")]
    [InlineData("api/health/ready")]
    public void The_functions_host_has_a_get_function_for_each_health_route(string route)
    {
        var functions = Directory.GetFiles(AppContext.BaseDirectory, "function.json", SearchOption.AllDirectories)
            .Select(file => JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("bindings").EnumerateArray().Single(binding => binding.GetProperty("direction").GetString() == "in"))
            .Where(trigger => trigger.GetProperty("type").GetString() == "httpTrigger");

        Assert.Contains(functions, trigger => trigger.GetProperty("route").GetString() == route
            && trigger.GetProperty("methods").EnumerateArray().Any(method => method.GetString() == "get"));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}

/// <summary>With storage unreachable the process is live and not ready, and says which checks failed.</summary>
public sealed class HealthWithStorageDownTests : IDisposable
{
    private readonly FeedbackAppFactory _factory = new();

    public HealthWithStorageDownTests()
    {
        _factory.Settings["Feedback:StorageConnectionString"] = Azurite.UnreachableConnectionString;
    }

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/api/health/ready")]
    [InlineData("/api/health")]
    public async Task Ready_answers_503_problem_details_naming_storage_and_the_queue(string path)
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("storage:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var checks = problem.GetProperty("checks");
        Assert.Equal("down", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("down", checks.GetProperty("queue").GetProperty("status").GetString());
        Assert.Equal("sending", checks.GetProperty("sms").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Live_answers_200()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
