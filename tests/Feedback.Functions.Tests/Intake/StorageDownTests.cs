using System.Net;
using System.Net.Http.Json;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Intake;

/// <summary>With storage unreachable, intake says so (503, Retry-After) and never claims to have accepted anything.</summary>
public sealed class StorageDownTests : IDisposable
{
    private readonly FeedbackAppFactory _factory = new();

    public StorageDownTests()
    {
        _factory.Settings["Feedback:StorageConnectionString"] = Azurite.UnreachableConnectionString;
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Web_intake_answers_503_with_retry_after()
    {
        using var client = _factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/feedback", new { text = "آب محله قطعه", province = "zanjan" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("trackingCode", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_look_up_answers_503()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(new Uri($"/api/feedback/{Feedback.Core.Items.TrackingCode.NewCode().Value}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
