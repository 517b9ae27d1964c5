using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Feedback.Core.Messaging;
using Feedback.Core.Routing;
using Feedback.Functions.Configuration;
using Feedback.Functions.Processing;
using Feedback.Storage.Items;

namespace Feedback.Functions.Tests.Infrastructure;

/// <summary>
/// One source of truth for names: the queues, tables, settings and provinces the code uses are exactly the ones
/// the deployment (infra/bicep/main.bicep), the Service Bus emulator's config, the function.json files,
/// docs/operations.md's manual settings and local.settings.sample.json declare. main.bicep's header describes
/// the layout its regular expressions rely on.
/// </summary>
public partial class InfrastructureNamesTests
{
    private const string BicepFile = "infra/bicep/main.bicep";
    private const string EmulatorConfigFile = "infra/servicebus-emulator/Config.json";
    private const string OperationsGuide = "docs/operations.md";
    private const string LocalSettingsSample = "local.settings.sample.json";
    private const string HostFolder = "functions/Feedback.Functions/host";

    /// <summary>The Service Bus emulator keeps a message at most an hour, whatever the deployment's time to live.</summary>
    private static readonly TimeSpan EmulatorMaxTimeToLive = TimeSpan.FromHours(1);

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    [Fact]
    public void The_deployment_declares_exactly_the_queues_the_code_names()
    {
        AssertSameNames("the Queues class", CodeQueues(), BicepFile, BicepQueues().Select(queue => queue.Name));
    }

    [Fact]
    public void The_emulator_config_declares_exactly_the_deployments_queues_and_no_other_entities()
    {
        AssertSameNames(BicepFile, BicepQueues().Select(queue => queue.Name), EmulatorConfigFile, EmulatorEntities());
    }

    [Fact]
    public void Every_queue_has_a_function_that_reads_it_and_every_trigger_reads_a_queue_the_code_names()
    {
        AssertSameNames("the Queues class", CodeQueues(), $"{HostFolder}/*/function.json", FunctionEntities());
    }

    [Fact]
    public void Every_queue_dead_letters_after_as_many_deliveries_as_the_app_allows()
    {
        var maxDeliveries = MaxDeliveries();
        foreach (var queue in BicepQueues())
            Assert.True(int.Parse(queue["maxDeliveryCount"], System.Globalization.CultureInfo.InvariantCulture) == maxDeliveries,
                $"{BicepFile}: queue '{queue.Name}' has maxDeliveryCount {queue["maxDeliveryCount"]}; ProcessFeedbackFunction.MaxDeliveries is {maxDeliveries}");
        foreach (var queue in EmulatorQueues())
            Assert.True(queue.Properties.GetProperty("MaxDeliveryCount").GetInt32() == maxDeliveries,
                $"{EmulatorConfigFile}: queue '{queue.Name}' has MaxDeliveryCount {queue.Properties.GetProperty("MaxDeliveryCount")}; ProcessFeedbackFunction.MaxDeliveries is {maxDeliveries}");
    }

    [Fact]
    public void The_emulator_queues_behave_as_the_deployed_ones()
    {
        var emulator = EmulatorQueues().ToDictionary(queue => queue.Name, StringComparer.Ordinal);
        foreach (var queue in BicepQueues().Where(queue => emulator.ContainsKey(queue.Name)))
        {
            var properties = emulator[queue.Name].Properties;
            var differences = new List<string>();
            Compare(differences, "LockDuration", Duration(queue["lockDuration"]), Duration(properties.GetProperty("LockDuration").GetString()!));
            Compare(differences, "DuplicateDetectionHistoryTimeWindow", Duration(queue["duplicateDetectionHistoryTimeWindow"]), Duration(properties.GetProperty("DuplicateDetectionHistoryTimeWindow").GetString()!));
            Compare(differences, "RequiresDuplicateDetection", bool.Parse(queue["requiresDuplicateDetection"]), properties.GetProperty("RequiresDuplicateDetection").GetBoolean());
            Compare(differences, "DeadLetteringOnMessageExpiration", bool.Parse(queue["deadLetteringOnMessageExpiration"]), properties.GetProperty("DeadLetteringOnMessageExpiration").GetBoolean());
            var timeToLive = Duration(queue["defaultMessageTimeToLive"]);
            Compare(differences, "DefaultMessageTimeToLive", timeToLive < EmulatorMaxTimeToLive ? timeToLive : EmulatorMaxTimeToLive, Duration(properties.GetProperty("DefaultMessageTimeToLive").GetString()!));
            Assert.True(differences.Count == 0, $"queue '{queue.Name}': {EmulatorConfigFile} differs from {BicepFile}: {string.Join("; ", differences)}");
        }
    }

    [Fact]
    public void Every_setting_the_app_reads_is_set_by_the_deployment_or_listed_as_a_manual_setting()
    {
        var covered = BicepAppSettings().Concat(ManualSettings()).ToHashSet(StringComparer.Ordinal);
        var uncovered = SettingsTheAppReads().Where(setting => !covered.Contains(setting)).ToList();

        Assert.True(uncovered.Count == 0,
            $"neither set in {BicepFile}'s appSettings nor listed in {OperationsGuide}'s manual settings table: {string.Join(", ", uncovered)}");
    }

    [Fact]
    public void The_local_settings_sample_lists_every_setting_the_app_reads()
    {
        using var sample = JsonDocument.Parse(ReadRepositoryFile(LocalSettingsSample));
        var listed = sample.RootElement.GetProperty("Values").EnumerateObject().Select(value => value.Name).ToHashSet(StringComparer.Ordinal);
        var missing = SettingsTheAppReads().Where(setting => !listed.Contains(setting)).ToList();

        Assert.True(missing.Count == 0, $"{LocalSettingsSample} does not list: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_deployment_creates_exactly_the_tables_the_storage_code_names()
    {
        AssertSameNames("the Table constants of Feedback.Storage", CodeTables(), BicepFile, BicepBlock("var storageTables = [", "]").Select(QuotedLine).OfType<string>());
    }

    [Fact]
    public void The_deployment_accepts_exactly_the_provinces_the_app_knows()
    {
        var allowed = AllowedProvinces().Match(ReadRepositoryFile(BicepFile));
        Assert.True(allowed.Success, $"{BicepFile}: no @allowed([...]) right before `param province string`");
        var keys = allowed.Groups["keys"].Value.Split('\n').Select(QuotedLine).OfType<string>();

        AssertSameNames("Provinces.All", Provinces.All.Select(province => province.Key), BicepFile, keys);
    }

    /// <summary>The settings the app binds, as app settings: Feedback__Name, Feedback__Kavenegar__Name for nested objects, and each trigger connection's namespace.</summary>
    private static List<string> SettingsTheAppReads() =>
    [
        .. SettingNames(typeof(PipelineSettings), PipelineSettings.Section),
        .. FunctionBindings().Select(binding => binding.TryGetProperty("connection", out var connection) ? connection.GetString() : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).Select(connection => $"{connection}__fullyQualifiedNamespace"),
    ];

    private static IEnumerable<string> SettingNames(Type settings, string prefix)
    {
        foreach (var property in settings.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.SetMethod is { IsPublic: true }).OrderBy(property => property.Name, StringComparer.Ordinal))
        {
            var name = $"{prefix}__{property.Name}";
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var isValue = type.IsPrimitive || type.IsEnum || type.IsValueType || type == typeof(string) || type == typeof(Uri) || typeof(IEnumerable).IsAssignableFrom(type);
            if (isValue)
                yield return name;
            else
                foreach (var nested in SettingNames(type, name))
                    yield return nested;
        }
    }

    private static IEnumerable<string> CodeQueues() =>
        typeof(Queues).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);

    /// <summary>Every public string constant named Table or …Table in Feedback.Storage: the convention its table stores follow.</summary>
    private static IEnumerable<string> CodeTables() =>
        typeof(TableFeedbackStore).Assembly.GetExportedTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(field => field.IsLiteral && field.FieldType == typeof(string) && field.Name.EndsWith("Table", StringComparison.Ordinal))
            .Select(field => (string)field.GetRawConstantValue()!);

    private static int MaxDeliveries()
    {
        var field = typeof(ProcessFeedbackFunction).GetField("MaxDeliveries", BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy);
        Assert.True(field is { IsLiteral: true }, "ProcessFeedbackFunction.MaxDeliveries is no longer a public constant");
        return (int)field.GetRawConstantValue()!;
    }

    private static List<BicepQueue> BicepQueues()
    {
        var queues = new List<BicepQueue>();
        Dictionary<string, string>? current = null;
        foreach (var line in BicepBlock("var serviceBusQueues = [", "]").Select(line => line.Trim()))
        {
            if (line == "{")
                current = new Dictionary<string, string>(StringComparer.Ordinal);
            else if (line == "}" && current is not null)
            {
                Assert.True(current.ContainsKey("name"), $"{BicepFile}: a queue in serviceBusQueues has no name");
                queues.Add(new BicepQueue(current));
                current = null;
            }
            else if (current is not null && BicepProperty().Match(line) is { Success: true } property)
                current[property.Groups["key"].Value] = property.Groups["value"].Value.Trim('\'');
        }
        Assert.True(queues.Count > 0, $"{BicepFile}: serviceBusQueues has no queue");
        return queues;
    }

    private static List<string> BicepAppSettings() =>
        [.. BicepBlock("var appSettings = {", "}").Select(line => BicepProperty().Match(line.Trim())).Where(match => match.Success).Select(match => match.Groups["key"].Value)];

    /// <summary>The lines strictly between the line <paramref name="opener"/> and the next line that is exactly <paramref name="closer"/>.</summary>
    private static List<string> BicepBlock(string opener, string closer)
    {
        var lines = ReadRepositoryFile(BicepFile).ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, line => line.Trim() == opener);
        Assert.True(start >= 0, $"{BicepFile}: no line `{opener}`");
        var end = Array.FindIndex(lines, start + 1, line => line == closer);
        Assert.True(end > start, $"{BicepFile}: `{opener}` is never closed by a line `{closer}`");
        return [.. lines[(start + 1)..end].Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal))];
    }

    private static string? QuotedLine(string line) => QuotedName().Match(line.Trim()) is { Success: true } match ? match.Groups["name"].Value : null;

    private static List<EmulatorQueue> EmulatorQueues()
    {
        using var config = JsonDocument.Parse(ReadRepositoryFile(EmulatorConfigFile));
        return [.. config.RootElement.GetProperty("UserConfig").GetProperty("Namespaces").EnumerateArray()
            .SelectMany(ns => ns.GetProperty("Queues").EnumerateArray())
            .Select(queue => new EmulatorQueue(queue.GetProperty("Name").GetString()!, queue.GetProperty("Properties").Clone()))];
    }

    /// <summary>Queues, topics and topics' subscriptions of the emulator's config.</summary>
    private static List<string> EmulatorEntities()
    {
        using var config = JsonDocument.Parse(ReadRepositoryFile(EmulatorConfigFile));
        var names = new List<string>();
        foreach (var ns in config.RootElement.GetProperty("UserConfig").GetProperty("Namespaces").EnumerateArray())
        {
            names.AddRange(ns.GetProperty("Queues").EnumerateArray().Select(queue => queue.GetProperty("Name").GetString()!));
            if (!ns.TryGetProperty("Topics", out var topics))
                continue;
            foreach (var topic in topics.EnumerateArray())
            {
                var topicName = topic.GetProperty("Name").GetString()!;
                names.Add(topicName);
                if (topic.TryGetProperty("Subscriptions", out var subscriptions))
                    names.AddRange(subscriptions.EnumerateArray().Select(subscription => $"{topicName}/{subscription.GetProperty("Name").GetString()}"));
            }
        }
        return names;
    }

    /// <summary>The queues, topics and topic/subscription pairs the functions' triggers and outputs name.</summary>
    private static List<string> FunctionEntities()
    {
        var names = new List<string>();
        foreach (var binding in FunctionBindings())
        {
            if (binding.TryGetProperty("queueName", out var queue))
                names.Add(queue.GetString()!);
            if (binding.TryGetProperty("topicName", out var topic))
                names.Add(binding.TryGetProperty("subscriptionName", out var subscription) ? $"{topic.GetString()}/{subscription.GetString()}" : topic.GetString()!);
        }
        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    private static List<JsonElement> FunctionBindings()
    {
        var folder = Path.Combine(Root.Value, HostFolder);
        var files = Directory.GetDirectories(folder).Select(function => Path.Combine(function, "function.json")).Where(File.Exists).ToList();
        Assert.True(files.Count > 0, $"no function.json under {HostFolder}");
        var bindings = new List<JsonElement>();
        foreach (var file in files)
        {
            using var definition = JsonDocument.Parse(File.ReadAllText(file));
            bindings.AddRange(definition.RootElement.GetProperty("bindings").EnumerateArray().Select(binding => binding.Clone()));
        }
        return bindings;
    }

    /// <summary>The first column of the table under docs/operations.md's "## Manual settings" heading.</summary>
    private static List<string> ManualSettings()
    {
        var lines = ReadRepositoryFile(OperationsGuide).ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, line => line.Trim() == "## Manual settings");
        Assert.True(start >= 0, $"{OperationsGuide} has no '## Manual settings' section");
        return [.. lines.Skip(start + 1).TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal))
            .Select(line => ManualSettingRow().Match(line)).Where(match => match.Success).Select(match => match.Groups["name"].Value)];
    }

    private static void AssertSameNames(string leftSource, IEnumerable<string> left, string rightSource, IEnumerable<string> right)
    {
        var leftSet = left.ToHashSet(StringComparer.Ordinal);
        var rightSet = right.ToHashSet(StringComparer.Ordinal);
        var onlyLeft = leftSet.Except(rightSet).Order(StringComparer.Ordinal).ToList();
        var onlyRight = rightSet.Except(leftSet).Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        if (onlyLeft.Count > 0)
            problems.Add($"in {leftSource} but missing from {rightSource}: {string.Join(", ", onlyLeft)}");
        if (onlyRight.Count > 0)
            problems.Add($"in {rightSource} but missing from {leftSource}: {string.Join(", ", onlyRight)}");
        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    private static void Compare<T>(List<string> differences, string property, T deployed, T emulated)
    {
        if (!EqualityComparer<T>.Default.Equals(deployed, emulated))
            differences.Add($"{property} {emulated} instead of {deployed}");
    }

    private static TimeSpan Duration(string iso8601) => XmlConvert.ToTimeSpan(iso8601);

    private static string ReadRepositoryFile(string relativePath)
    {
        var path = Path.Combine(Root.Value, relativePath);
        Assert.True(File.Exists(path), $"{relativePath} is missing");
        return File.ReadAllText(path);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Feedback.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No Feedback.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?<value>.*?)\s*$")]
    private static partial Regex BicepProperty();

    [GeneratedRegex(@"^'(?<name>[^']+)'$")]
    private static partial Regex QuotedName();

    [GeneratedRegex(@"@allowed\(\[(?<keys>[^\]]*)\]\)\s*param province string")]
    private static partial Regex AllowedProvinces();

    [GeneratedRegex(@"^\|\s*`(?<name>[^`]+)`\s*\|")]
    private static partial Regex ManualSettingRow();

    private sealed record BicepQueue(IReadOnlyDictionary<string, string> Properties)
    {
        public string Name => Properties["name"];

        public string this[string key] => Properties.TryGetValue(key, out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"{BicepFile}: queue '{Name}' has no {key}");
    }

    private sealed record EmulatorQueue(string Name, JsonElement Properties);
}
