using Feedback.Functions.Access;
using Feedback.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Feedback.Functions.Tests.Trends;

/// <summary>
/// Who a test request is, without the sign-in UI: the <see cref="Header"/> "Role:province" (province "-" for none)
/// makes a member of staff; a request without it is nobody.
/// </summary>
internal sealed class HeaderStaffResolver : IStaffUserResolver
{
    public const string Header = "X-Test-Staff";

    public static string Value(StaffRole role, string? province) => $"{role}:{province ?? "-"}";

    public Task<StaffUser?> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var value = context.Request.Headers[Header].ToString();
        if (value.Split(':') is not [var role, var province])
            return Task.FromResult<StaffUser?>(null);
        return Task.FromResult<StaffUser?>(new StaffUser($"test-{role}", "کارشناس آزمون", Enum.Parse<StaffRole>(role), province == "-" ? null : province, null));
    }
}

/// <summary>The app against the test run's Azurite, with <see cref="HeaderStaffResolver"/> in place of the sign-in.</summary>
public abstract class TrendsApp(Azurite azurite) : AppAgainstAzurite(azurite)
{
    /// <summary>A client signed in as <paramref name="role"/> of <paramref name="province"/>.</summary>
    protected HttpClient ClientAs(StaffRole role, string? province)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(HeaderStaffResolver.Header, HeaderStaffResolver.Value(role, province));
        return client;
    }

    public override Task InitializeAsync()
    {
        Factory.TestServices = services =>
        {
            services.RemoveAll<IStaffUserResolver>();
            services.AddSingleton<IStaffUserResolver, HeaderStaffResolver>();
        };
        return base.InitializeAsync();
    }
}
