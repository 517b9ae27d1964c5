using System.Net;
using Feedback.Core.Items;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Agencies;

/// <summary>
/// Every inbox request is checked on the server, whatever the page shows: an agency sees and changes its own items
/// only, an analyst sees their own province only and changes nothing, and nobody signed in gets nothing.
/// </summary>
public sealed class InboxScopeTests(Azurite azurite, OneAppPerClass shared) : StaffAppTests(azurite, shared.On(azurite)), IClassFixture<OneAppPerClass>
{
    [Fact]
    public async Task An_agency_cannot_list_another_agencys_inbox()
    {
        var day = UnusedDay();
        var waterItem = await RoutedItemAsync(Water, day);
        using var electricity = await SignInAsync(ElectricityStaff);

        using var named = await electricity.GetAsync($"/api/inbox?agency={Water}");
        var own = await JsonOf(await electricity.GetAsync($"/api/inbox?from={JalaliDay(day)}&to={JalaliDay(day)}"), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, named.StatusCode);
        Assert.Equal(Electricity, own.GetProperty("agency").GetString());
        Assert.DoesNotContain(own.GetProperty("items").EnumerateArray(), row => row.GetProperty("trackingCode").GetString() == waterItem.TrackingCode.Value);
    }

    [Fact]
    public async Task An_agency_cannot_read_another_agencys_item()
    {
        var waterItem = await RoutedItemAsync(Water, UnusedDay());
        using var electricity = await SignInAsync(ElectricityStaff);
        using var water = await SignInAsync(WaterStaff);

        using var refused = await electricity.GetAsync($"/api/inbox/items/{waterItem.TrackingCode}");
        using var allowed = await water.GetAsync($"/api/inbox/items/{waterItem.TrackingCode}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(waterItem.Text, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Theory]
    [InlineData("acknowledge")]
    [InlineData("resolve")]
    [InlineData("reassign")]
    [InlineData("correct")]
    public async Task An_agency_cannot_change_another_agencys_item(string action)
    {
        var waterItem = await RoutedItemAsync(Water, UnusedDay());
        using var electricity = await SignInAsync(ElectricityStaff);

        using var response = await electricity.SendAsync(StaffPost($"/api/inbox/items/{waterItem.TrackingCode}/{action}", new { reply = "x", reason = "x", agency = Electricity, topic = "electricity" }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var stored = (await Service<IFeedbackStore>().GetAsync(waterItem.TrackingCode, CancellationToken.None))!;
        Assert.Equal(FeedbackStatus.Routed, stored.Status);
        Assert.Equal(waterItem.Assessment, stored.Assessment);
        Assert.Equal(waterItem.History, stored.History);
        Assert.Empty(stored.Reassignments);
        Assert.Empty(stored.LabelCorrections);
    }

    [Fact]
    public async Task A_provinces_analyst_cannot_see_another_province()
    {
        var item = await RoutedItemAsync(Water, UnusedDay());
        using var tehran = await SignInAsync(TehranAnalyst);

        using var list = await tehran.GetAsync($"/api/inbox?province=zanjan&agency={Water}");
        using var read = await tehran.GetAsync($"/api/inbox/items/{item.TrackingCode}");

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task The_provinces_own_analyst_and_the_national_admin_read_it_but_change_nothing()
    {
        var day = UnusedDay();
        var item = await RoutedItemAsync(Water, day);

        foreach (var reader in (string[])[ZanjanAnalyst, NationalAdmin])
        {
            using var client = await SignInAsync(reader);
            var list = await JsonOf(await client.GetAsync($"/api/inbox?province=zanjan&agency={Water}&from={JalaliDay(day)}&to={JalaliDay(day)}"), HttpStatusCode.OK);
            var detail = await JsonOf(await client.GetAsync($"/api/inbox/items/{item.TrackingCode}"), HttpStatusCode.OK);
            using var acted = await client.SendAsync(StaffPost($"/api/inbox/items/{item.TrackingCode}/acknowledge", new { }));

            Assert.Contains(list.GetProperty("items").EnumerateArray(), row => row.GetProperty("trackingCode").GetString() == item.TrackingCode.Value);
            Assert.Empty(detail.GetProperty("actions").EnumerateArray());
            Assert.Equal(HttpStatusCode.Forbidden, acted.StatusCode);
        }
        Assert.Equal(FeedbackStatus.Routed, (await Service<IFeedbackStore>().GetAsync(item.TrackingCode, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Without_sign_in_every_inbox_request_is_401()
    {
        var item = await RoutedItemAsync(Water, UnusedDay());
        using var anonymous = Factory.CreateClient();

        foreach (var response in (HttpResponseMessage[])[
            await anonymous.GetAsync("/api/staff/me"),
            await anonymous.GetAsync("/api/inbox"),
            await anonymous.GetAsync($"/api/inbox/items/{item.TrackingCode}"),
            await anonymous.SendAsync(StaffPost($"/api/inbox/items/{item.TrackingCode}/acknowledge", new { }))])
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task The_inbox_page_sends_nobody_signed_in_to_the_sign_in()
    {
        using var anonymous = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var page = await anonymous.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        // The sign-in brings them back to the inbox.
        Assert.Equal("/staff/sign-in?return=%2Fstaff", page.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_forged_app_service_principal_header_signs_nobody_in_locally()
    {
        using var anonymous = Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/staff/me");
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL", Access.ClientPrincipalTests.Principal("aad", WaterStaff));

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_analyst_must_name_an_agency_of_their_province()
    {
        using var analyst = await SignInAsync(ZanjanAnalyst);

        using var withoutAgency = await analyst.GetAsync("/api/inbox");
        using var foreignAgency = await analyst.GetAsync("/api/inbox?province=zanjan&agency=no-such-agency");

        Assert.Equal(HttpStatusCode.BadRequest, withoutAgency.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, foreignAgency.StatusCode);
    }
}
