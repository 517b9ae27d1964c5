using System.CommandLine;
using Feedback.Core.Routing;
using Feedback.Storage.Access;
using Feedback.Storage.Routing;

namespace Feedback.Cli.Commands;

/// <summary>
/// `feedback members add|list|remove`: the membership table that maps a signed-in identity to a role and its
/// scope. In Azure the user id is the person's Entra object id (what App Service Authentication reports);
/// agency staff must name an agency of the stored routing data, in their province.
/// </summary>
public static class MembersCommand
{
    public static Command Create(CliConsole console)
    {
        var storage = StorageOption.Create("Where the membership table is", recursive: true);

        var userId = new Argument<string>("user-id") { Description = "The Entra object id of the person (a demo user's id locally)" };
        var name = new Option<string>("--name") { Description = "The name pages show, e.g. «کارشناس آب و فاضلاب زنجان»", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", StaffMembership.RoleNames.Keys)}", Required = true };
        role.AcceptOnlyFromAmong([.. StaffMembership.RoleNames.Keys]);
        var province = new Option<string?>("--province") { Description = "The province (agency staff and governorate analysts)" };
        var agency = new Option<string?>("--agency") { Description = "The agency key (agency staff only)" };
        var add = new Command("add", "Give a person a role, or change theirs") { userId, name, role, province, agency };
        add.SetAction((parse, token) => AddAsync(
            console, parse.GetValue(storage),
            new StaffMembership(parse.GetValue(userId)!, parse.GetValue(name)!.Trim(), StaffMembership.RoleNames[parse.GetValue(role)!], parse.GetValue(province), parse.GetValue(agency)),
            token));

        var list = new Command("list", "List the members of staff and their roles");
        list.SetAction((parse, token) => ListAsync(console, Members(parse.GetValue(storage)), token));

        var removed = new Argument<string>("user-id") { Description = "The user id `members list` shows" };
        var remove = new Command("remove", "Take a person's role away: their requests are refused from now on") { removed };
        remove.SetAction((parse, token) => RemoveAsync(console, Members(parse.GetValue(storage)), parse.GetValue(removed)!, token));

        return new Command("members", "Staff memberships: who may sign in to the inboxes, with which role") { storage, add, list, remove };
    }

    private static TableStaffMembers Members(string? connectionString) => new(StorageOption.Connect(connectionString).Tables);

    private static async Task<int> AddAsync(CliConsole console, string? connectionString, StaffMembership membership, CancellationToken cancellationToken)
    {
        var tables = StorageOption.Connect(connectionString).Tables;
        var routing = membership.Role == StaffMemberRole.AgencyStaff
            ? await StorageOption.Call(async () =>
            {
                var routingStore = new TableRoutingStore(tables);
                await routingStore.EnsureTableAsync(cancellationToken);
                return await routingStore.LoadAsync(cancellationToken);
            }) ?? throw new CliException("no routing data is stored yet, so no agency can be checked: import it first (feedback routing import)")
            : RoutingData.Empty;
        var problems = membership.Problems(routing.ToTable());
        if (problems.Count > 0)
            throw new CliException(string.Join("; ", problems));

        var members = new TableStaffMembers(tables);
        await StorageOption.Call(() => members.EnsureTableAsync(cancellationToken));
        await StorageOption.Call(() => members.SaveAsync(membership, cancellationToken));
        console.Out.WriteLine($"{StaffMembership.NormalizeUserId(membership.UserId)}\t{RoleName(membership.Role)}\t{membership.Province ?? "-"}\t{membership.AgencyKey ?? "-"}\t{membership.DisplayName}");
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(CliConsole console, TableStaffMembers members, CancellationToken cancellationToken)
    {
        await StorageOption.Call(() => members.EnsureTableAsync(cancellationToken));
        var all = await StorageOption.Call(() => members.ListAsync(cancellationToken));
        console.Out.WriteLine("user\trole\tprovince\tagency\tname");
        foreach (var member in all.OrderBy(member => member.Province, StringComparer.Ordinal).ThenBy(member => member.UserId, StringComparer.Ordinal))
            console.Out.WriteLine($"{member.UserId}\t{RoleName(member.Role)}\t{member.Province ?? "-"}\t{member.AgencyKey ?? "-"}\t{member.DisplayName}");
        return ExitCodes.Success;
    }

    private static async Task<int> RemoveAsync(CliConsole console, TableStaffMembers members, string userId, CancellationToken cancellationToken)
    {
        await StorageOption.Call(() => members.EnsureTableAsync(cancellationToken));
        if (!await StorageOption.Call(() => members.RemoveAsync(userId, cancellationToken)))
            throw new CliException($"'{userId}' has no membership (see: feedback members list)");
        console.Out.WriteLine($"removed {StaffMembership.NormalizeUserId(userId)}");
        return ExitCodes.Success;
    }

    private static string RoleName(StaffMemberRole role) => StaffMembership.RoleNames.First(entry => entry.Value == role).Key;
}
