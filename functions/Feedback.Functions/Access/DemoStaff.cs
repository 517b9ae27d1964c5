using Feedback.Core.Routing;
using Feedback.Storage.Access;

namespace Feedback.Functions.Access;

/// <summary>
/// The members of staff a local run signs in as (seeded in the membership table on start, Local mode only): staff
/// of the Zanjan water and electricity companies and of the governorate secretariat, analysts of Zanjan and of
/// Tehran (to see that a province's analyst sees only their province), and a national admin.
/// </summary>
internal static class DemoStaff
{
    public static IReadOnlyList<StaffMembership> Members { get; } =
    [
        new("demo-zanjan-water", "کارشناس شرکت آب و فاضلاب زنجان", StaffMemberRole.AgencyStaff, Provinces.ZanjanKey, "zanjan-water-wastewater"),
        new("demo-zanjan-electricity", "کارشناس شرکت توزیع برق زنجان", StaffMemberRole.AgencyStaff, Provinces.ZanjanKey, "zanjan-electricity-distribution"),
        new("demo-zanjan-secretariat", "کارشناس دبیرخانه استانداری زنجان", StaffMemberRole.AgencyStaff, Provinces.ZanjanKey, "zanjan-governorate-secretariat"),
        new("demo-zanjan-analyst", "کارشناس استانداری زنجان", StaffMemberRole.GovernorateAnalyst, Provinces.ZanjanKey, null),
        new("demo-tehran-analyst", "کارشناس استانداری تهران", StaffMemberRole.GovernorateAnalyst, "tehran", null),
        new("demo-national-admin", "مدیر ملی سامانه", StaffMemberRole.NationalAdmin, null, null),
    ];
}
