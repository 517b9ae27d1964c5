using Feedback.Storage.Access;

namespace Feedback.Functions.Access;

/// <summary>
/// <see cref="IStaffUserResolver"/> for both hosting modes: the user id the mode's <see cref="StaffSignIn"/> reads
/// from the request, and the membership table decides who it is; an identity without a membership is nobody. Read once
/// per request.
/// </summary>
internal sealed class StaffUserResolver(StaffSignIn signIn, TableStaffMembers members) : IStaffUserResolver
{
    private const string ResolvedItem = "Feedback.ResolvedStaffUser";

    public async Task<StaffUser?> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ResolvedItem, out var resolved))
            return resolved as StaffUser;
        var userId = signIn.UserIdOf(context.Request);
        var user = userId is null ? null : ToStaffUser(await members.FindAsync(userId, cancellationToken));
        context.Items[ResolvedItem] = user;
        return user;
    }

    public static StaffUser? ToStaffUser(StaffMembership? membership) => membership is null
        ? null
        : new StaffUser(membership.UserId, membership.DisplayName, Enum.Parse<StaffRole>(membership.Role.ToString()), membership.Province, membership.AgencyKey);
}
