using System.Net;
using Feedback.Core.Items;
using Feedback.Functions.Access;
using Feedback.Functions.Tests.Agencies;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Access;

/// <summary>
/// A signed-in member of staff's browser carries their session to any site's request: a state-changing request
/// is carried out only when it shows it comes from this site's own page (SameOriginGuard).
/// </summary>
public sealed class CrossSiteTests(Azurite azurite, OneAppPerClass shared) : StaffAppTests(azurite, shared.On(azurite)), IClassFixture<OneAppPerClass>
{
    public static TheoryData<string?, string?, string?> CrossSite => new()
    {
        // A form post from another site: no custom header can be added without CORS.
        { null, "https://attacker.example", "cross-site" },
        { null, null, null },
        // A header set by another origin's script would need a preflight this app never answers, but the browser says where it came from.
        { "1", "https://attacker.example", null },
        { "1", null, "cross-site" },
        { "1", "null", null },
    };

    [Theory]
    [MemberData(nameof(CrossSite))]
    public async Task An_action_from_another_site_is_refused_and_changes_nothing(string? staffHeader, string? origin, string? fetchSite)
    {
        var item = await RoutedItemAsync(Water, UnusedDay());
        using var water = await SignInAsync(WaterStaff);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/inbox/items/{item.TrackingCode}/resolve") { Content = System.Net.Http.Json.JsonContent.Create(new { reply = "حل شد" }) };
        if (staffHeader is not null)
            request.Headers.Add(SameOriginGuard.Header, staffHeader);
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        if (fetchSite is not null)
            request.Headers.Add("Sec-Fetch-Site", fetchSite);

        using var response = await water.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(FeedbackStatus.Routed, (await Service<IFeedbackStore>().GetAsync(item.TrackingCode, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task The_sites_own_page_passes()
    {
        var item = await RoutedItemAsync(Water, UnusedDay());
        using var water = await SignInAsync(WaterStaff);
        using var request = StaffPost($"/api/inbox/items/{item.TrackingCode}/acknowledge", new { });
        request.Headers.Add("Origin", "http://localhost");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var response = await water.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_from_another_site_is_refused()
    {
        using var client = Factory.CreateClient();
        using var request = StaffPost("/api/staff/sign-in", new { userId = NationalAdmin });
        request.Headers.Add("Origin", "https://attacker.example");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
