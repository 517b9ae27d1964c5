using Feedback.Classification.Labelled;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Storage.Access;
using Feedback.Storage.Agencies;
using Feedback.Storage.Connection;
using Feedback.Storage.Routing;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Cli.Tests.Commands;

/// <summary>`feedback export-labels`: the labels staff set, as the taxonomy's labelled TSV.</summary>
[Collection(Azurite.Collection)]
public class ExportLabelsCommandTests(Azurite azurite)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(3.5));

    /// <summary>Stores labelled items of <paramref name="province"/> (each test its own province, so the shared table holds nothing else of it).</summary>
    private async Task<LabelledFeedback[]> StoreAsync(string province)
    {
        var store = new TableLabelStore(StorageClients.FromConnectionString(azurite.ConnectionString).Tables);
        await store.EnsureTableAsync(CancellationToken.None);
        LabelledFeedback[] rows =
        [
            new(province, TrackingCode.FromStored("1000000005"), "قبض آب این ماه\tسه برابر شده\nکسی جواب نمی‌دهد", "negative", "water", Monday.AddDays(1), "staff-1"),
            new(province, TrackingCode.FromStored("1000000018"), "از رسیدگی سریع شهرداری ممنونم", "positive", "municipality", Monday, "staff-2"),
            new(province, TrackingCode.FromStored("1000000026"), "ساعت کاری اداره ثبت احوال چیست؟", "neutral", "civil_registry", Monday.AddDays(-3), "staff-1"),
        ];
        foreach (var row in rows)
            await store.SaveAsync(row, CancellationToken.None);
        return rows;
    }

    [Fact]
    public async Task The_labels_are_written_as_taxonomy_tsv_oldest_first_with_each_message_on_one_line()
    {
        await StoreAsync("qom");

        var run = CliRun.Of("export-labels", "--province", "qom", "--storage", azurite.ConnectionString);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith(LabelledTsv.Header + "\n", run.Out, StringComparison.Ordinal);
        var exported = LabelledTsv.Parse(new StringReader(run.Out), "stdout");
        Assert.Equal(
            [("ساعت کاری اداره ثبت احوال چیست؟", "neutral", "civil_registry"), ("از رسیدگی سریع شهرداری ممنونم", "positive", "municipality"), ("قبض آب این ماه سه برابر شده کسی جواب نمی‌دهد", "negative", "water")],
            exported.Select(row => (row.Text, row.Sentiment, row.Topic)));
        Assert.Contains("3 labelled message(s)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Since_a_day_and_into_a_file()
    {
        await StoreAsync("yazd");
        var file = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():N}.tsv");
        try
        {
            var run = CliRun.Of("export-labels", "--province", "yazd", "--since", "۱۴۰۵/۰۹/۰۲", "--out", file, "--storage", azurite.ConnectionString);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(string.Empty, run.Out);
            var exported = LabelledTsv.Read(file);
            Assert.Equal(["municipality", "water"], exported.Select(row => row.Topic));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("--province", "atlantis", "province")]
    [InlineData("--since", "yesterday", "since")]
    public void Bad_options_are_clear_errors(string option, string value, string named)
    {
        var run = CliRun.Of("export-labels", option, value, "--storage", azurite.ConnectionString);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
    }
}

/// <summary>`feedback members add|list|remove`: who may sign in to the inboxes, with which role.</summary>
[Collection(Azurite.Collection)]
public class MembersCommandTests(Azurite azurite)
{
    [Fact]
    public void A_member_is_added_listed_and_removed()
    {
        var objectId = Guid.NewGuid().ToString().ToUpperInvariant();

        var added = CliRun.Of("members", "add", objectId, "--name", "کارشناس استانداری قم", "--role", "governorate-analyst", "--province", "qom", "--storage", azurite.ConnectionString);
        var listed = CliRun.Of("members", "list", "--storage", azurite.ConnectionString);
        var removed = CliRun.Of("members", "remove", objectId, "--storage", azurite.ConnectionString);
        var after = CliRun.Of("members", "list", "--storage", azurite.ConnectionString);

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains($"{objectId.ToLowerInvariant()}\tgovernorate-analyst\tqom\t-\tکارشناس استانداری قم", listed.OutLines);
        Assert.Equal(0, removed.ExitCode);
        Assert.DoesNotContain(after.OutLines, line => line.StartsWith(objectId.ToLowerInvariant(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Agency_staff_name_an_agency_of_the_stored_routing_in_their_province()
    {
        var tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
        var routing = new TableRoutingStore(tables);
        await routing.EnsureTableAsync(CancellationToken.None);
        await routing.SaveAsync(DemoRoutingData.Data, CancellationToken.None);
        var objectId = Guid.NewGuid().ToString();

        var staff = CliRun.Of("members", "add", objectId, "--name", "کارشناس آب", "--role", "agency-staff", "--province", "zanjan", "--agency", "zanjan-water-wastewater", "--storage", azurite.ConnectionString);
        var unknown = CliRun.Of("members", "add", objectId, "--name", "کارشناس", "--role", "agency-staff", "--province", "zanjan", "--agency", "no-such-agency", "--storage", azurite.ConnectionString);
        var wrongProvince = CliRun.Of("members", "add", objectId, "--name", "کارشناس", "--role", "agency-staff", "--province", "qom", "--agency", "zanjan-water-wastewater", "--storage", azurite.ConnectionString);

        Assert.True(staff.ExitCode == 0, staff.ToString());
        var stored = await new TableStaffMembers(tables).FindAsync(objectId, CancellationToken.None);
        Assert.Equal(new StaffMembership(objectId, "کارشناس آب", StaffMemberRole.AgencyStaff, "zanjan", "zanjan-water-wastewater"), stored);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("not an agency", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, wrongProvince.ExitCode);
        Assert.Contains("in province zanjan", wrongProvince.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--role", "superuser", "--province", "zanjan", "superuser")]
    [InlineData("--role", "governorate-analyst", "--agency", "zanjan-gas", "province")]
    [InlineData("--role", "national-admin", "--province", "zanjan", "neither province nor agency")]
    public void A_role_takes_exactly_its_scope(string roleOption, string role, string scopeOption, string scope, string named)
    {
        var run = CliRun.Of("members", "add", Guid.NewGuid().ToString(), "--name", "کسی", roleOption, role, scopeOption, scope, "--storage", azurite.ConnectionString);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_someone_without_a_membership_is_an_error()
    {
        var run = CliRun.Of("members", "remove", "nobody-" + Guid.NewGuid().ToString("N"), "--storage", azurite.ConnectionString);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("has no membership", run.Error, StringComparison.Ordinal);
    }
}
