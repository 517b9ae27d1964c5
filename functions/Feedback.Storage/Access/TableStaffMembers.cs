using Azure;
using Azure.Data.Tables;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Access;

/// <summary>
/// The membership table, <c>StaffMembers</c>: PK the user id (normalized, see <see cref="StaffMembership.NormalizeUserId"/>),
/// RK "member", with DisplayName, Role (by name), Province and AgencyKey. One identity has one membership; every
/// request of a signed-in member of staff reads theirs, a point read.
/// </summary>
public sealed class TableStaffMembers(TableServiceClient tables)
{
    public const string MembersTable = "StaffMembers";

    private readonly TableClient members = tables.GetTableClient(MembersTable);

    private const string MemberRow = "member";

    public Task EnsureTableAsync(CancellationToken cancellationToken) => tables.CreateTableIfNotExistsAsync(MembersTable, cancellationToken);

    /// <summary>The membership of <paramref name="userId"/>, or null when it has none (or cannot be a stored id).</summary>
    public async Task<StaffMembership?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        var key = StaffMembership.NormalizeUserId(userId);
        if (key.Length is 0 or > StaffMembership.MaxUserIdLength || !TableNames.IsValidKey(key))
            return null;
        var row = await members.GetOrNullAsync(key, MemberRow, cancellationToken);
        return row is null ? null : FromRow(row);
    }

    /// <summary>Adds the membership, or replaces the one the user had.</summary>
    public Task SaveAsync(StaffMembership membership, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(membership);
        var row = new TableEntity(StaffMembership.NormalizeUserId(membership.UserId), MemberRow)
        {
            ["DisplayName"] = membership.DisplayName.Trim(),
            ["Role"] = membership.Role.ToString(),
        };
        if (membership.Province is { } province)
            row["Province"] = province;
        if (membership.AgencyKey is { } agency)
            row["AgencyKey"] = agency;
        return members.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <returns>False when the user had no membership.</returns>
    public async Task<bool> RemoveAsync(string userId, CancellationToken cancellationToken)
    {
        // Azure.Data.Tables answers a delete of a missing row with its 404 rather than an exception.
        var response = await members.DeleteEntityAsync(StaffMembership.NormalizeUserId(userId), MemberRow, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public async Task<IReadOnlyList<StaffMembership>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<StaffMembership>();
        await foreach (var row in members.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {MemberRow}"), cancellationToken: cancellationToken))
            list.Add(FromRow(row));
        return list;
    }

    private static StaffMembership FromRow(TableEntity row) => new(
        row.PartitionKey,
        row.GetString("DisplayName") ?? row.PartitionKey,
        Enum.Parse<StaffMemberRole>(row.GetString("Role")!),
        row.GetString("Province"),
        row.GetString("AgencyKey"));
}
