using System.Text.Json.Nodes;
using Feedback.Testing;

namespace Feedback.Cli.Tests.Commands;

[Collection(Azurite.Collection)]
public sealed class RoutingCommandTests(Azurite azurite) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("routing-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_demo_data_imports_and_exports_back_the_same()
    {
        var demo = Path.Combine(folder, "demo.json");
        Assert.Equal(0, CliRun.Of("routing", "export", "--demo", "--file", demo).ExitCode);

        var imported = CliRun.Of("routing", "import", "--file", demo, "--storage", azurite.ConnectionString);
        var exported = CliRun.Of("routing", "export", "--storage", azurite.ConnectionString);

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("imported", imported.Out, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(Sorted(JsonNode.Parse(File.ReadAllText(demo))!), Sorted(JsonNode.Parse(exported.Out)!)), exported.Out);
        Assert.Contains("شرکت آب و فاضلاب استان زنجان", exported.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edit_replaces_the_stored_rules_and_a_removed_rule_is_gone()
    {
        var file = Path.Combine(folder, "edited.json");
        CliRun.Of("routing", "export", "--demo", "--file", file);
        var data = JsonNode.Parse(File.ReadAllText(file))!;
        var rules = data["rules"]!.AsArray();
        var khodabandeh = rules.Single(rule => (string?)rule!["county"] == "khodabandeh" && (string?)rule["topic"] == "electricity")!;
        rules.Remove(khodabandeh);
        File.WriteAllText(file, data.ToJsonString());

        Assert.Equal(0, CliRun.Of("routing", "import", "--file", file, "--storage", azurite.ConnectionString).ExitCode);

        var stored = JsonNode.Parse(CliRun.Of("routing", "export", "--storage", azurite.ConnectionString).Out)!;
        Assert.Equal(rules.Count, stored["rules"]!.AsArray().Count);
        Assert.DoesNotContain(stored["rules"]!.AsArray(), rule => (string?)rule!["county"] == "khodabandeh" && (string?)rule["topic"] == "electricity");
    }

    [Theory]
    [InlineData("topic", "weather", "unknown topic weather")]
    [InlineData("agency", "zanjan-nowhere", "zanjan-nowhere")]
    [InlineData("province", "atlantis", "atlantis")]
    public void A_file_that_makes_no_valid_table_is_refused_and_nothing_is_written(string field, string value, string named)
    {
        var file = Path.Combine(folder, "bad.json");
        CliRun.Of("routing", "export", "--demo", "--file", file);
        var data = JsonNode.Parse(File.ReadAllText(file))!;
        data["rules"]![0]![field] = value;
        File.WriteAllText(file, data.ToJsonString());
        var before = CliRun.Of("routing", "export", "--storage", azurite.ConnectionString).Out;

        var run = CliRun.Of("routing", "import", "--file", file, "--storage", azurite.ConnectionString);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
        Assert.Equal(before, CliRun.Of("routing", "export", "--storage", azurite.ConnectionString).Out);
    }

    [Fact]
    public void A_file_that_is_not_json_is_a_clear_error()
    {
        var file = Path.Combine(folder, "broken.json");
        File.WriteAllText(file, "{ agencies: [");

        var run = CliRun.Of("routing", "import", "--file", file, "--storage", azurite.ConnectionString);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not routing JSON", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The same data in any order: every array sorted by its items' JSON.</summary>
    private static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, pair.Value is null ? null : Sorted(pair.Value)))),
        JsonArray array => new JsonArray(array.Select(item => Sorted(item!)).OrderBy(item => item.ToJsonString(), StringComparer.Ordinal).ToArray()),
        _ => node.DeepClone(),
    };
}
