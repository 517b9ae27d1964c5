using System.Net;

namespace Feedback.Functions.Tests;

public class HealthTests
{
    [Fact]
    public async Task The_health_endpoint_answers_ok()
    {
        await using var factory = new FeedbackAppFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
