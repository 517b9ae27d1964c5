using System.Net;
using Feedback.Functions.Access;
using Feedback.Functions.Tests.Agencies;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Access;

/// <summary>The local run's sign-in: demo users only, a session cookie no script or other site can use, and a role its pages can trust.</summary>
public sealed class SignInTests(Azurite azurite, OneAppPerClass shared) : StaffAppTests(azurite, shared.On(azurite)), IClassFixture<OneAppPerClass>
{
    [Fact]
    public async Task A_demo_user_signs_in_and_is_known_by_role_and_scope()
    {
        using var client = await SignInAsync(WaterStaff);

        var me = await JsonOf(await client.GetAsync("/api/staff/me"), HttpStatusCode.OK);

        var user = me.GetProperty("user");
        Assert.Equal(WaterStaff, user.GetProperty("id").GetString());
        Assert.Equal("agency-staff", user.GetProperty("role").GetString());
        Assert.Equal("zanjan", user.GetProperty("province").GetString());
        Assert.Equal(Water, user.GetProperty("agency").GetString());
        Assert.True(me.GetProperty("canAct").GetBoolean());
        Assert.Equal(Water, Assert.Single(me.GetProperty("inboxes").EnumerateArray()).GetProperty("key").GetString());
        Assert.DoesNotContain(me.GetProperty("reassignTo").EnumerateArray(), agency => agency.GetProperty("key").GetString() == Water);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_strict()
    {
        using var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });

        using var response = await client.SendAsync(StaffPost("/api/staff/sign-in", new { userId = WaterStaff }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{DevSession.CookieName}=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_edited_session_cookie_signs_nobody_in()
    {
        using var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var signIn = await client.SendAsync(StaffPost("/api/staff/sign-in", new { userId = WaterStaff }));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var parts = cookie[(DevSession.CookieName.Length + 1)..].Split('.');
        var asAdmin = $"{DevSession.CookieName}={System.Buffers.Text.Base64Url.EncodeToString("demo-national-admin"u8)}.{parts[1]}.{parts[2]}";
        using var genuine = new HttpRequestMessage(HttpMethod.Get, "/api/staff/me");
        genuine.Headers.Add("Cookie", cookie);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/staff/me");
        forged.Headers.Add("Cookie", asAdmin);

        using var genuineResponse = await client.SendAsync(genuine);
        using var forgedResponse = await client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.OK, genuineResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
    }

    [Fact]
    public async Task Someone_without_a_membership_cannot_sign_in()
    {
        using var client = Factory.CreateClient();

        using var response = await client.SendAsync(StaffPost("/api/staff/sign-in", new { userId = "demo-nobody" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var client = await SignInAsync(ZanjanAnalyst);

        using var signOut = await client.SendAsync(StaffPost("/api/staff/sign-out", new { }));
        using var me = await client.GetAsync("/api/staff/me");

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_lists_the_demo_users()
    {
        using var client = Factory.CreateClient();

        using var page = await client.GetAsync("/staff/sign-in");
        var users = await JsonOf(await client.GetAsync("/api/staff/demo-users"), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var ids = users.GetProperty("users").EnumerateArray().Select(user => user.GetProperty("id").GetString()).ToArray();
        Assert.Equal(DemoStaff.Members.Select(member => member.UserId), ids);
    }
}
