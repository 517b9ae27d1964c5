using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Feedback.Functions.Access;
using Feedback.Functions.Configuration;
using Feedback.Storage.Access;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;
using Feedback.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Tests.Access;

/// <summary>In Azure, who is asking comes from App Service Authentication's X-MS-CLIENT-PRINCIPAL header, mapped to a role by the membership table.</summary>
[Collection(Azurite.Collection)]
public sealed class ClientPrincipalTests(Azurite azurite)
{
    /// <summary>The header as App Service Authentication sets it for an Entra ID user.</summary>
    public static string Principal(string authType, string objectId, string claim = ClientPrincipal.ObjectIdClaim) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = authType,
            claims = new[]
            {
                new { typ = "name", val = "Someone" },
                new { typ = claim, val = objectId },
            },
            name_typ = "name",
            role_typ = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
        })));

    [Fact]
    public void The_object_id_claim_names_the_user()
    {
        var objectId = Guid.NewGuid().ToString();

        Assert.Equal(objectId, ClientPrincipal.ObjectId(Principal("aad", objectId)));
        Assert.Equal(objectId, ClientPrincipal.ObjectId(Principal("aad", objectId, claim: "oid")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("eyJ0aGlzIjoiaXMgbm90IGEgcHJpbmNpcGFsIn0=")]
    [InlineData("W10=")]
    public void A_missing_or_malformed_header_names_nobody(string? header) =>
        Assert.Null(ClientPrincipal.ObjectId(header));

    [Fact]
    public void Another_identity_provider_names_nobody() =>
        Assert.Null(ClientPrincipal.ObjectId(Principal("google", Guid.NewGuid().ToString())));

    [Fact]
    public void A_principal_without_an_object_id_names_nobody() =>
        Assert.Null(ClientPrincipal.ObjectId(Principal("aad", Guid.NewGuid().ToString(), claim: "preferred_username")));

    [Fact]
    public async Task In_azure_the_membership_of_the_object_id_decides_the_role_and_a_dev_cookie_counts_for_nothing()
    {
        var members = new TableStaffMembers(StorageClients.FromConnectionString(azurite.ConnectionString).Tables);
        await members.EnsureTableAsync(CancellationToken.None);
        var objectId = Guid.NewGuid().ToString().ToUpperInvariant();
        await members.SaveAsync(new StaffMembership(objectId, "کارشناس آب", StaffMemberRole.AgencyStaff, "zanjan", "zanjan-water-wastewater"), CancellationToken.None);
        var session = new DevSession(TimeProvider.System);
        var platform = new AppServiceAuthentication(new ConfigurationBuilder().AddInMemoryCollection([new(AppServiceAuthentication.EnabledVariable, "True")]).Build());
        var resolver = new StaffUserResolver(new EntraStaffSignIn(platform), members);

        var signedIn = new DefaultHttpContext();
        signedIn.Request.Headers[ClientPrincipal.Header] = Principal("aad", objectId.ToLowerInvariant());
        var unknown = new DefaultHttpContext();
        unknown.Request.Headers[ClientPrincipal.Header] = Principal("aad", Guid.NewGuid().ToString());
        var cookieOnly = new DefaultHttpContext();
        session.Issue(cookieOnly.Response, "demo-zanjan-water");
        cookieOnly.Request.Headers.Cookie = cookieOnly.Response.Headers.SetCookie.ToString().Split(';')[0];

        var user = await resolver.ResolveAsync(signedIn, CancellationToken.None);

        Assert.Equal(new StaffUser(objectId.ToLowerInvariant(), "کارشناس آب", StaffRole.AgencyStaff, "zanjan", "zanjan-water-wastewater"), user);
        Assert.Null(await resolver.ResolveAsync(unknown, CancellationToken.None));
        Assert.Null(await resolver.ResolveAsync(cookieOnly, CancellationToken.None));
    }

    [Fact]
    public async Task In_azure_without_app_service_authentication_the_header_names_nobody()
    {
        var members = new TableStaffMembers(StorageClients.FromConnectionString(azurite.ConnectionString).Tables);
        await members.EnsureTableAsync(CancellationToken.None);
        var objectId = Guid.NewGuid().ToString();
        await members.SaveAsync(new StaffMembership(objectId, "مدیر", StaffMemberRole.NationalAdmin, null, null), CancellationToken.None);
        var platform = new AppServiceAuthentication(new ConfigurationBuilder().Build());
        var resolver = new StaffUserResolver(new EntraStaffSignIn(platform), members);
        var forged = new DefaultHttpContext();
        forged.Request.Headers[ClientPrincipal.Header] = Principal("aad", objectId);

        Assert.False(platform.IsEnabled);
        Assert.Null(await resolver.ResolveAsync(forged, CancellationToken.None));
    }

    [Fact]
    public void The_stored_roles_are_the_apps_roles() =>
        Assert.Equal(Enum.GetNames<StaffRole>(), Enum.GetNames<StaffMemberRole>());
}
