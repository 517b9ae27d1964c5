using System.Net;
using Feedback.Functions.Tests.Operations;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Pages;

/// <summary>A page address nothing serves gets a Persian page, the API keeps its problem details, and the pages have an icon.</summary>
public sealed class NotFoundPageTests(Azurite azurite) : AppOnPreparedStorage(azurite)
{
    [Theory]
    [InlineData("/statsu")]
    [InlineData("/status/1234567890")]
    [InlineData("/staff/nope")]
    [InlineData("/css/missing.css")]
    public async Task An_unknown_page_address_gets_the_Persian_not_found_page(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", body, StringComparison.Ordinal);
        Assert.Contains("<h1>صفحه پیدا نشد</h1>", body, StringComparison.Ordinal);
        Assert.Contains("<title>صفحه پیدا نشد", body, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\{\{[a-z-]+\}\}", body);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task An_unknown_api_address_still_answers_problem_details()
    {
        using var response = await Client.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_post_to_an_unknown_page_address_is_not_given_a_page()
    {
        using var response = await Client.PostAsync(new Uri("/statsu", UriKind.Relative), new StringContent(""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/status")]
    public async Task The_pages_link_the_icon_which_is_served(string page)
    {
        var html = await Client.GetStringAsync(new Uri(page, UriKind.Relative));
        using var icon = await Client.GetAsync(new Uri("/favicon.svg", UriKind.Relative));

        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }
}
