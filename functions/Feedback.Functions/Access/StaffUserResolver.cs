using Feedback.Functions.Configuration;
using Feedback.Storage.Access;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Access;

/// <summary>
/// <see cref="IStaffUserResolver"/> for both hosting modes: in Azure the Entra object id from App Service
/// Authentication's X-MS-CLIENT-PRINCIPAL header (only while the platform says authentication is on), locally the dev sign-in's cookie (the header is ignored there,
/// since nothing in front of a local run removes a forged one); either way the membership table decides who it
/// is, and an identity without a membership is nobody. Read once per request.
/// </summary>
internal sealed class StaffUserResolver(IOptions<PipelineSettings> settings, TableStaffMembers members, DevSession devSession, AppServiceAuthentication platform) : IStaffUserResolver
{
    private const string ResolvedItem = "Feedback.ResolvedStaffUser";

    public async Task<StaffUser?> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ResolvedItem, out var resolved))
            return resolved as StaffUser;
        var userId = settings.Value.Mode == HostingMode.Local ? devSession.Read(context.Request)
            : platform.IsEnabled ? ClientPrincipal.ObjectId(context.Request.Headers[ClientPrincipal.Header])
            : null;
        var user = userId is null ? null : ToStaffUser(await members.FindAsync(userId, cancellationToken));
        context.Items[ResolvedItem] = user;
        return user;
    }

    public static StaffUser? ToStaffUser(StaffMembership? membership) => membership is null
        ? null
        : new StaffUser(membership.UserId, membership.DisplayName, Enum.Parse<StaffRole>(membership.Role.ToString()), membership.Province, membership.AgencyKey);
}
