using System.Net;
using System.Text.Json;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Http;

/// <summary>
/// One place turns a storage outage into 503 + Retry-After for every endpoint: with the endpoint's own words where
/// it gives them, the generic ones where it does not (before, an endpoint without its own catch answered 500).
/// </summary>
public sealed class StorageOutageHandlerTests : IDisposable
{
    private readonly FeedbackAppFactory _factory = new();

    public StorageOutageHandlerTests()
    {
        _factory.Settings["Feedback:StorageConnectionString"] = Azurite.UnreachableConnectionString;
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task An_endpoint_without_words_of_its_own_answers_the_generic_503()
    {
        using var client = _factory.CreateClient();

        using var response = await client.PostAsync(new Uri("/dev/phone", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = "09121234567", ["message"] = "آب قطع است" }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        Assert.Equal("storage cannot be reached right now; try again shortly", await DetailAsync(response));
    }

    [Fact]
    public async Task An_endpoint_answers_an_outage_with_its_own_words()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(new Uri($"/api/feedback/{Feedback.Core.Items.TrackingCode.NewCode().Value}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        // A citizen-facing endpoint: its words in Persian at the source, the English beside them.
        Assert.Equal("وضعیت خوانده نشد. سامانه در این لحظه در دسترس نیست؛ لطفاً ۱۰ ثانیه دیگر دوباره تلاش کنید.", await DetailAsync(response));
        Assert.Equal("the status cannot be read right now; try again shortly", await DetailAsync(response, "englishDetail"));
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response, string member = "detail")
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty(member).GetString();
    }
}
