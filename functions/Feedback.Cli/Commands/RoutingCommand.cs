using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Feedback.Core.Routing;
using Feedback.Storage.Routing;

namespace Feedback.Cli.Commands;

/// <summary>
/// `feedback routing export|import`: the routing data (agencies, rules, governorate secretariats) as a JSON file
/// people edit, and back into the RoutingRules table the app reads every minute. An import is checked whole
/// (known provinces, counties, topics and agencies; no rule twice) before anything is written.
/// </summary>
public static class RoutingCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static Command Create(CliConsole console)
    {
        var storage = StorageOption.Create("Where the routing data is kept", recursive: true);
        var file = new Option<string?>("--file") { Description = "The JSON file; stdout (export) when left out" };
        var demo = new Option<bool>("--demo") { Description = "Export the built-in demo data for Zanjan instead of the stored data" };
        var export = new Command("export", "Write the routing data as JSON") { file, demo };
        export.SetAction((parse, token) => ExportAsync(console, Store(parse.GetValue(storage)), parse.GetValue(file), parse.GetValue(demo), token));

        var input = new Option<string>("--file") { Description = "The JSON file to import", Required = true };
        var import = new Command("import", "Check a routing JSON file and make it the routing in force (the app picks it up within a minute)") { input };
        import.SetAction((parse, token) => ImportAsync(console, Store(parse.GetValue(storage)), parse.GetValue(input)!, token));

        return new Command("routing", "Routing data: which agency handles which topic where") { storage, export, import };
    }

    private static TableRoutingStore Store(string? connectionString) => new(StorageOption.Connect(connectionString).Tables);

    private static async Task<int> ExportAsync(CliConsole console, TableRoutingStore store, string? file, bool demo, CancellationToken cancellationToken)
    {
        var data = demo ? DemoRoutingData.Data : await StorageOption.Call(async () =>
        {
            await store.EnsureTableAsync(cancellationToken);
            return await store.LoadAsync(cancellationToken);
        }) ?? throw new CliException("no routing data is stored yet (export --demo gives a starting file)");
        var text = JsonSerializer.Serialize(RoutingFile.From(data), Json);
        if (file is null)
            console.Out.WriteLine(text);
        else
            await File.WriteAllTextAsync(file, text + "\n", cancellationToken);
        return ExitCodes.Success;
    }

    private static async Task<int> ImportAsync(CliConsole console, TableRoutingStore store, string file, CancellationToken cancellationToken)
    {
        RoutingData data;
        try
        {
            data = (JsonSerializer.Deserialize<RoutingFile>(await File.ReadAllTextAsync(file, cancellationToken), Json) ?? throw new CliException($"{file} is empty")).ToData();
            data.ToTable();
        }
        catch (JsonException invalid)
        {
            throw new CliException($"{file} is not routing JSON: {invalid.Message}");
        }
        catch (ArgumentException invalid)
        {
            throw new CliException($"{file} was not imported: {invalid.Message}");
        }
        await StorageOption.Call(async () =>
        {
            await store.EnsureTableAsync(cancellationToken);
            await store.SaveAsync(data, cancellationToken);
        });
        console.Out.WriteLine($"imported {data.Agencies.Count} agencies, {data.Rules.Count} rules, {data.Secretariats.Count} secretariats");
        return ExitCodes.Success;
    }

    /// <summary>The file's shape: plain names a person edits, every field spelled out.</summary>
    private sealed record RoutingFile(List<AgencyEntry> Agencies, List<RuleEntry> Rules, List<SecretariatEntry> Secretariats)
    {
        public static RoutingFile From(RoutingData data) => new(
            data.Agencies.Select(agency => new AgencyEntry(agency.Key, agency.PersianName, agency.ProvinceKey, agency.CountyKey)).ToList(),
            data.Rules.Select(rule => new RuleEntry(rule.ProvinceKey, rule.CountyKey, rule.TopicKey, rule.AgencyKey)).ToList(),
            data.Secretariats.Select(secretariat => new SecretariatEntry(secretariat.ProvinceKey, secretariat.AgencyKey)).ToList());

        public RoutingData ToData() => new(
            (Agencies ?? throw new CliException("the file has no \"agencies\"")).Select(entry => new Agency(Required(entry.Key, "agency key"), Required(entry.Name, $"name of {entry.Key}"), Required(entry.Province, $"province of {entry.Key}"), entry.County)).ToArray(),
            (Rules ?? []).Select(entry => new RoutingRule(Required(entry.Province, "rule province"), Required(entry.Topic, "rule topic"), Required(entry.Agency, "rule agency"), entry.County)).ToArray(),
            (Secretariats ?? []).Select(entry => new GovernorateSecretariat(Required(entry.Province, "secretariat province"), Required(entry.Agency, "secretariat agency"))).ToArray());

        private static string Required(string? value, string what) =>
            string.IsNullOrWhiteSpace(value) ? throw new CliException($"a {what} is missing") : value.Trim();
    }

    private sealed record AgencyEntry(string? Key, string? Name, string? Province, string? County);

    private sealed record RuleEntry(string? Province, string? County, string? Topic, string? Agency);

    private sealed record SecretariatEntry(string? Province, string? Agency);
}
