using System.Net;
using System.Security.Cryptography;
using Feedback.Core.Messaging;
using Feedback.Functions.Access;
using Feedback.Functions.Composition;
using Feedback.Messaging.StorageQueues;
using Feedback.Storage.Access;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;
using Feedback.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feedback.Functions.Tests.Access;

/// <summary>Outside Local mode the dev sign-in does not exist: staff sign in with Entra ID through App Service Authentication.</summary>
[Collection(Azurite.Collection)]
public sealed class AzureModeTests : IDisposable
{
    private readonly FeedbackAppFactory factory = new();
    private readonly Azurite azurite;

    public AzureModeTests(Azurite azurite)
    {
        this.azurite = azurite;
        factory.Settings["Feedback:Mode"] = "Azure";
        factory.Settings["Feedback:StorageAccountName"] = "stfeedbacktest";
        factory.Settings["Feedback:ServiceBusNamespace"] = "sb-feedback-test.servicebus.windows.net";
        factory.Settings["Feedback:Kavenegar:ApiKey"] = "not-a-real-key";
        factory.Settings["Feedback:SmsDeliverySecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        factory.Settings["WEBSITE_AUTH_ENABLED"] = "True";
    }

    public void Dispose() => factory.Dispose();

    [Theory]
    [InlineData("GET", "/staff/sign-in")]
    [InlineData("GET", "/api/staff/demo-users")]
    [InlineData("POST", "/api/staff/sign-in")]
    public async Task The_dev_sign_in_is_refused(string method, string path)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add(SameOriginGuard.Header, "1");
        if (method == "POST")
            request.Content = System.Net.Http.Json.JsonContent.Create(new { userId = "demo-national-admin" });

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public void What_exists_only_locally_is_not_registered()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var names = endpoints.Select(endpoint => endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var routes = endpoints.OfType<RouteEndpoint>().Select(endpoint => "/" + endpoint.RoutePattern.RawText!.TrimStart('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Contains("StaffMe", names);
        Assert.DoesNotContain("StaffSignIn", names);
        Assert.DoesNotContain("StaffDemoUsers", names);
        Assert.DoesNotContain("/staff/sign-in", routes);
        Assert.DoesNotContain(routes, route => route.StartsWith("/dev/", StringComparison.OrdinalIgnoreCase));
        Assert.IsType<EntraStaffSignIn>(factory.Services.GetRequiredService<StaffSignIn>());
        Assert.Null(factory.Services.GetService<DevSession>());
        Assert.Null(factory.Services.GetService<IMessageReceiver>());
        Assert.Null(factory.Services.GetService<StorageQueueTransport>());
        Assert.Null(factory.Services.GetService<StorageRequestCounter>());
        Assert.DoesNotContain(factory.Services.GetServices<IHostedService>(), service => service is LocalTriggerRunner);
    }

    [Fact]
    public async Task A_member_signed_in_with_entra_id_gets_their_role_and_someone_without_a_membership_is_refused()
    {
        // The membership table of this test's storage; the rest of the app keeps its (unreachable) Azure account.
        var tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
        var members = new TableStaffMembers(tables);
        await members.EnsureTableAsync(CancellationToken.None);
        var objectId = Guid.NewGuid().ToString();
        await members.SaveAsync(new StaffMembership(objectId, "کارشناس استانداری زنجان", StaffMemberRole.GovernorateAnalyst, "zanjan", null), CancellationToken.None);
        using var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton(members)));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var member = new HttpRequestMessage(HttpMethod.Get, "/api/staff/me");
        member.Headers.Add(ClientPrincipal.Header, ClientPrincipalTests.Principal("aad", objectId));
        using var memberPage = new HttpRequestMessage(HttpMethod.Get, "/staff");
        memberPage.Headers.Add(ClientPrincipal.Header, ClientPrincipalTests.Principal("aad", objectId));
        using var stranger = new HttpRequestMessage(HttpMethod.Get, "/staff");
        stranger.Headers.Add(ClientPrincipal.Header, ClientPrincipalTests.Principal("aad", Guid.NewGuid().ToString()));

        using var me = await client.SendAsync(member);
        using var page = await client.SendAsync(memberPage);
        using var refused = await client.SendAsync(stranger);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("governorate-analyst", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_inbox_page_sends_nobody_signed_in_to_entra_id()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2Fstaff", response.Headers.Location?.OriginalString);
    }
}
