namespace Feedback.Functions.Access;

/// <summary>What a signed-in member of staff may do: each role is scoped (an agency in a province, a province, or all).</summary>
public enum StaffRole
{
    /// <summary>Works one agency's inbox in one province.</summary>
    AgencyStaff,

    /// <summary>Reads one province's dashboard and items (the governorate, استانداری).</summary>
    GovernorateAnalyst,

    /// <summary>Sees every province.</summary>
    NationalAdmin,
}

/// <summary>A signed-in member of staff, as the membership table maps their identity. No phone or e-mail here: just what access needs.</summary>
public sealed record StaffUser(string Id, string DisplayName, StaffRole Role, string? Province, string? AgencyKey)
{
    /// <summary>Whether this user may see items and figures of <paramref name="province"/>.</summary>
    public bool CanSeeProvince(string province) => Role == StaffRole.NationalAdmin || Province == province;

    /// <summary>Whether this user may read and act on <paramref name="agencyKey"/>'s items in <paramref name="province"/>.</summary>
    public bool CanWorkAgency(string province, string agencyKey) =>
        Role switch
        {
            StaffRole.AgencyStaff => Province == province && AgencyKey == agencyKey,
            _ => false,
        };
}

/// <summary>Who is asking: from App Service Authentication's X-MS-CLIENT-PRINCIPAL in Azure, from the dev sign-in in Local mode.</summary>
public interface IStaffUserResolver
{
    /// <summary>The signed-in member of staff, or null when the request carries no identity the membership table knows.</summary>
    Task<StaffUser?> ResolveAsync(HttpContext context, CancellationToken cancellationToken);
}
