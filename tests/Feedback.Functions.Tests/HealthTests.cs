using System.Net;
using Feedback.Testing;

namespace Feedback.Functions.Tests;

[Collection(Azurite.Collection)]
public class HealthTests(Azurite azurite)
{
    [Fact]
    public async Task The_health_endpoint_answers_ok()
    {
        await using var factory = new FeedbackAppFactory();
        factory.Settings["Feedback:StorageConnectionString"] = azurite.ConnectionString;
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
