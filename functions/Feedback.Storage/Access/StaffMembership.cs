using Feedback.Core.Routing;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Access;

/// <summary>
/// The roles a membership grants; the function app's StaffRole has the same members, by name. Stored by name.
/// </summary>
public enum StaffMemberRole
{
    /// <summary>Works one agency's inbox in one province.</summary>
    AgencyStaff,

    /// <summary>Reads one province's items and figures (the governorate).</summary>
    GovernorateAnalyst,

    /// <summary>Reads every province's.</summary>
    NationalAdmin,
}

/// <summary>
/// Who a signed-in identity is to the pipeline: the user id is the Entra object id in Azure (App Service
/// Authentication's objectidentifier claim) or a demo user's id in a local run; the role and its scope say what
/// they may see and do. No e-mail or phone is kept: the display name is what pages show.
/// </summary>
public sealed record StaffMembership(string UserId, string DisplayName, StaffMemberRole Role, string? Province, string? AgencyKey)
{
    public const int MaxUserIdLength = 128;
    public const int MaxDisplayNameLength = 100;

    /// <summary>The names the command line uses for the roles.</summary>
    public static IReadOnlyDictionary<string, StaffMemberRole> RoleNames { get; } = new Dictionary<string, StaffMemberRole>(StringComparer.Ordinal)
    {
        ["agency-staff"] = StaffMemberRole.AgencyStaff,
        ["governorate-analyst"] = StaffMemberRole.GovernorateAnalyst,
        ["national-admin"] = StaffMemberRole.NationalAdmin,
    };

    /// <summary>A user id as it is stored and looked up: trimmed, lower case (object ids are GUIDs, whatever their case).</summary>
    public static string NormalizeUserId(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return userId.Trim().ToLowerInvariant();
    }

    /// <summary>
    /// What is wrong with the membership, in words a person can act on: each role has exactly its scope (agency
    /// staff a province and an agency of it, an analyst a province, an admin neither).
    /// </summary>
    /// <param name="routing">The routing data whose agencies an agency staff membership may name.</param>
    public IReadOnlyList<string> Problems(RoutingTable routing)
    {
        ArgumentNullException.ThrowIfNull(routing);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(UserId) || UserId.Length > MaxUserIdLength || !TableNames.IsValidKey(UserId))
            problems.Add($"the user id must be 1 to {MaxUserIdLength} characters, without / \\ # ? or control characters");
        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > MaxDisplayNameLength)
            problems.Add($"the display name must be 1 to {MaxDisplayNameLength} characters");
        switch (Role)
        {
            case StaffMemberRole.AgencyStaff:
                if (Province is null || Provinces.Find(Province) is null)
                    problems.Add("agency staff need the province they work in (a province key, e.g. zanjan)");
                if (AgencyKey is null)
                    problems.Add("agency staff need their agency (an agency key of the routing data)");
                else if (routing.FindAgency(AgencyKey) is not { } agency)
                    problems.Add($"'{AgencyKey}' is not an agency of the routing data");
                else if (agency.ProvinceKey != Province)
                    problems.Add($"agency '{AgencyKey}' is in province {agency.ProvinceKey}, not {Province}");
                break;
            case StaffMemberRole.GovernorateAnalyst:
                if (Province is null || Provinces.Find(Province) is null)
                    problems.Add("a governorate analyst needs their province (a province key, e.g. zanjan)");
                if (AgencyKey is not null)
                    problems.Add("a governorate analyst has no agency");
                break;
            default:
                if (Province is not null || AgencyKey is not null)
                    problems.Add("a national admin has neither province nor agency");
                break;
        }
        return problems;
    }
}
