using System.Text.RegularExpressions;

namespace Feedback.Functions.Tests.Architecture;

/// <summary>Each table has one owner: one class gets a client of it, and everything else that reads or writes it calls that class.</summary>
public partial class TableOwnerTests
{
    [Fact]
    public void Only_the_agency_inbox_reads_and_writes_the_agency_inbox_table()
    {
        var clients = SourceTree.Functions().Where(file => AgencyInboxClient().IsMatch(file.Code)).Select(file => file.Path);

        Assert.Equal(["functions/Feedback.Storage/Agencies/TableAgencyInbox.cs"], clients);
    }

    [Fact]
    public void Every_table_is_opened_by_exactly_one_class()
    {
        var owners = Owners();
        var tables = DeclaredTables().Concat(owners.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

        Assert.Contains("FeedbackItems", tables);
        var wrong = tables
            .Select(table => (Table: table, Owners: owners.GetValueOrDefault(table) ?? []))
            .Where(table => table.Owners.Count != 1)
            .Select(table => $"{table.Table}: {(table.Owners.Count == 0 ? "no class gets a client of it" : string.Join(", ", table.Owners))}");
        Assert.Empty(wrong);
    }

    [Fact]
    public void Every_table_client_names_its_table_so_the_owner_can_be_found()
    {
        var unnamed = SourceTree.Functions()
            .SelectMany(file => TableClientCall().Matches(file.Code).Select(call => (file, Argument: call.Groups["table"].Value)))
            .Where(call => TableOf(call.file, call.Argument) is null)
            .Select(call => $"{call.file.Path}: GetTableClient({call.Argument})")
            .Concat(SourceTree.Functions().Where(file => file.Code.Contains("new TableClient(", StringComparison.Ordinal)).Select(file => $"{file.Path}: new TableClient(...)"));

        Assert.Empty(unnamed);
    }

    /// <summary>Per table, the files under functions/ that get a client of it.</summary>
    private static Dictionary<string, SortedSet<string>> Owners()
    {
        var owners = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var file in SourceTree.Functions())
        {
            foreach (Match call in TableClientCall().Matches(file.Code))
            {
                if (TableOf(file, call.Groups["table"].Value) is { } table)
                {
                    if (!owners.TryGetValue(table, out var files))
                        owners[table] = files = new SortedSet<string>(StringComparer.Ordinal);
                    files.Add(file.Path);
                }
            }
        }
        return owners;
    }

    /// <summary>The table a client call's argument names: a literal, or a string constant (of the same file, else of the type it qualifies, else the only one of that name).</summary>
    private static string? TableOf(SourceFile file, string argument)
    {
        if (argument.StartsWith('"'))
            return argument.Trim('"');
        var parts = argument.Split('.');
        var name = parts[^1];
        var candidates = SourceTree.Functions()
            .Select(source => (source, Value: StringConstant(name).Match(source.Code) is { Success: true } constant ? constant.Groups["value"].Value : null))
            .Where(candidate => candidate.Value is not null)
            .ToArray();
        if (parts.Length == 1 && candidates.FirstOrDefault(candidate => candidate.source.Path == file.Path).Value is { } own)
            return own;
        if (parts.Length > 1)
            candidates = candidates.Where(candidate => Regex.IsMatch(candidate.source.Code, $@"\bclass\s+{Regex.Escape(parts[^2])}\b")).ToArray();
        var values = candidates.Select(candidate => candidate.Value).Distinct(StringComparer.Ordinal).ToArray();
        return values.Length == 1 ? values[0] : null;
    }

    /// <summary>The tables the deployment creates (infra/bicep/main.bicep's storageTables).</summary>
    private static string[] DeclaredTables()
    {
        var bicep = File.ReadAllText(Path.Combine(SourceTree.Root.Value, "infra/bicep/main.bicep"));
        var start = bicep.IndexOf("\nvar storageTables = [", StringComparison.Ordinal);
        Assert.True(start >= 0, "main.bicep has no storageTables list");
        var list = bicep[start..bicep.IndexOf("\n]", start, StringComparison.Ordinal)];
        return BicepTable().Matches(list).Select(table => table.Groups["name"].Value).ToArray();
    }

    private static Regex StringConstant(string name) =>
        new($@"\bconst\s+string\s+{Regex.Escape(name)}\s*=\s*""(?<value>[^""]+)""", RegexOptions.None, TimeSpan.FromSeconds(1));

    [GeneratedRegex("""GetTableClient\(((\w+\.)?InboxTable|"AgencyInbox")\)""")]
    private static partial Regex AgencyInboxClient();

    [GeneratedRegex("""GetTableClient\((?<table>"[^"]*"|[\w.]+)\)""")]
    private static partial Regex TableClientCall();

    [GeneratedRegex(@"^\s*'(?<name>\w+)'\s*$", RegexOptions.Multiline)]
    private static partial Regex BicepTable();
}
