using System.Net;
using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Functions.Access;
using Feedback.Functions.Tests.Agencies;
using Feedback.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Feedback.Functions.Tests.Access;

/// <summary>
/// Each role lands on its own home after signing in, a sign-in started from a page comes back to it (only to a path
/// of this site), the header lists the pages the role may open, and an agency's staff see their own agency's figures.
/// </summary>
public sealed class StaffNavigationTests(Azurite azurite, OneAppPerClass shared) : StaffAppTests(azurite, shared.On(azurite)), IClassFixture<OneAppPerClass>
{
    [Theory]
    [InlineData("/staff")]
    [InlineData("/dashboard?province=tehran&from=1405/09/01")]
    [InlineData("/staff?code=1234567890")]
    [InlineData("/status")]
    public void A_path_of_this_site_is_a_safe_return(string path) => Assert.Equal(path, StaffNavigation.SafeReturn(path));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("staff")]
    [InlineData("https://evil.example/staff")]
    [InlineData("//evil.example/staff")]
    [InlineData("/\\evil.example")]
    [InlineData("/staff\\..\\x")]
    [InlineData("/staff /x")]
    [InlineData("/staff\n/x")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/api/inbox")]
    [InlineData("/.auth/logout")]
    [InlineData("/staff/sign-in?return=/staff")]
    [InlineData("/staff/home?return=/staff")]
    public void Anything_else_is_not(string? candidate) => Assert.Null(StaffNavigation.SafeReturn(candidate));

    [Fact]
    public void Each_role_has_its_home_first_among_its_pages()
    {
        Assert.Equal("/staff", StaffNavigation.HomeOf(StaffRole.AgencyStaff));
        Assert.Equal("/dashboard", StaffNavigation.HomeOf(StaffRole.GovernorateAnalyst));
        Assert.Equal("/staff/provinces", StaffNavigation.HomeOf(StaffRole.NationalAdmin));
        foreach (var role in Enum.GetValues<StaffRole>())
            Assert.Equal(StaffNavigation.HomeOf(role), StaffNavigation.PagesOf(role)[0].Path);
        Assert.DoesNotContain(StaffNavigation.PagesOf(StaffRole.AgencyStaff), page => page.Path == StaffNavigation.ProvincesPath);
        Assert.DoesNotContain(StaffNavigation.PagesOf(StaffRole.GovernorateAnalyst), page => page.Path == StaffNavigation.ProvincesPath);
    }

    [Theory]
    [InlineData(WaterStaff, "/staff")]
    [InlineData(ZanjanAnalyst, "/dashboard")]
    [InlineData(NationalAdmin, "/staff/provinces")]
    public async Task After_signing_in_each_role_lands_on_its_home(string userId, string home)
    {
        using var client = await SignedInWithoutRedirectsAsync(userId);

        using var response = await client.GetAsync(StaffNavigation.HomePath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(home, response.Headers.Location?.OriginalString);
        var me = await JsonOf(await client.GetAsync("/api/staff/me"), HttpStatusCode.OK);
        Assert.Equal(home, me.GetProperty("home").GetString());
        Assert.Equal(home, me.GetProperty("pages")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_sign_in_started_from_a_page_returns_to_it_and_never_to_another_site()
    {
        using var anonymous = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var analyst = await SignedInWithoutRedirectsAsync(ZanjanAnalyst);

        using var fromInbox = await anonymous.GetAsync("/staff?code=1234567890");
        using var fromDashboard = await anonymous.GetAsync("/staff/home?return=%2Fdashboard%3Ffrom%3D1405%2F09%2F01");
        using var back = await analyst.GetAsync("/staff/home?return=%2Fdashboard%3Ffrom%3D1405%2F09%2F01");
        using var elsewhere = await analyst.GetAsync("/staff/home?return=%2F%2Fevil.example%2Fdashboard");

        Assert.Equal("/staff/sign-in?return=%2Fstaff%3Fcode%3D1234567890", fromInbox.Headers.Location?.OriginalString);
        Assert.Equal("/staff/sign-in?return=%2Fdashboard%3Ffrom%3D1405%2F09%2F01", fromDashboard.Headers.Location?.OriginalString);
        Assert.Equal("/dashboard?from=1405/09/01", back.Headers.Location?.OriginalString);
        Assert.Equal("/dashboard", elsewhere.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_national_admin_picks_a_province_and_other_roles_are_sent_home()
    {
        using var admin = await SignedInWithoutRedirectsAsync(NationalAdmin);
        using var water = await SignedInWithoutRedirectsAsync(WaterStaff);

        using var picker = await admin.GetAsync(StaffNavigation.ProvincesPath);
        using var notForWater = await water.GetAsync(StaffNavigation.ProvincesPath);

        var html = await picker.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, picker.StatusCode);
        Assert.Contains("href=\"/dashboard?province=zanjan\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/staff?province=zanjan\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/dashboard?province=tehran\"", html, StringComparison.Ordinal);
        // Tehran has no agencies in this deployment's routing: no inbox to open there.
        Assert.DoesNotContain("href=\"/staff?province=tehran\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"staff-nav\"", html, StringComparison.Ordinal);
        Assert.Equal("/staff", notForWater.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/staff")]
    [InlineData("/dashboard")]
    [InlineData("/staff/provinces")]
    public async Task Every_staff_page_has_the_one_shared_header(string path)
    {
        using var admin = await SignInAsync(NationalAdmin);

        var html = await admin.GetStringAsync(path);

        Assert.Contains("<nav id=\"staff-nav\"", html, StringComparison.Ordinal);
        Assert.Contains("/staff/staff-header.js", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\{\{[a-z-]+\}\}", html);
    }

    [Fact]
    public async Task An_agency_sees_its_own_figures_and_no_other_agencys()
    {
        var day = UnusedDay();
        var counters = Service<ITrendCounters>();
        foreach (var agency in (string[])[Water, Electricity])
            await counters.RecordAsync(new TrendEvent(TrackingCode.NewCode(), Provinces.ZanjanKey, JalaliDays.TehranDay(day), new TrendCell("water", "negative", agency, "abhar", null)), CancellationToken.None);
        var period = $"from={JalaliDay(day)}&to={JalaliDay(day)}";
        using var water = await SignInAsync(WaterStaff);
        using var analyst = await SignInAsync(ZanjanAnalyst);

        var own = await JsonOf(await water.GetAsync($"/api/trends?{period}"), HttpStatusCode.OK);
        var province = await JsonOf(await analyst.GetAsync($"/api/trends?{period}"), HttpStatusCode.OK);
        using var other = await water.GetAsync($"/api/trends?{period}&agency={Electricity}");
        using var otherItems = await water.GetAsync($"/api/trends/items?{period}&agency={Electricity}");

        Assert.Equal(1, own.GetProperty("totals").GetProperty("volume").GetInt64());
        Assert.Equal(Water, Assert.Single(own.GetProperty("byAgency").EnumerateArray()).GetProperty("key").GetString());
        Assert.Equal(2, province.GetProperty("totals").GetProperty("volume").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherItems.StatusCode);
    }

    private async Task<HttpClient> SignedInWithoutRedirectsAsync(string userId)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.SendAsync(StaffPost("/api/staff/sign-in", new { userId }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }
}
