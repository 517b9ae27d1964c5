using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Feedback.Storage.Tables;

namespace Feedback.Functions.Tests.Hostile;

/// <summary>
/// The app's tables, as its storage classes name them in public constants (<c>…Table</c> fields and <c>Tables</c> lists),
/// found by reflection so that a table added later is covered without editing the suites.
/// </summary>
public static partial class AppTables
{
    public static IReadOnlyList<string> Names { get; } = Discover();

    private static string[] Discover()
    {
        const BindingFlags Statics = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in new[] { typeof(Feedback.Storage.Items.TableFeedbackStore).Assembly, typeof(Program).Assembly }.SelectMany(assembly => assembly.GetTypes()))
        {
            foreach (var field in type.GetFields(Statics).Where(field => field.IsPublic && field.IsLiteral && field.FieldType == typeof(string) && field.Name.EndsWith("Table", StringComparison.Ordinal)))
                names.Add((string)field.GetRawConstantValue()!);
            foreach (var property in type.GetProperties(Statics).Where(property => property.Name == "Tables" && typeof(IEnumerable<string>).IsAssignableFrom(property.PropertyType)))
                names.UnionWith((IEnumerable<string>)property.GetValue(null)!);
        }
        return names.Where(name => TableName().IsMatch(name)).ToArray();
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}

/// <summary>One stored row: where it is and what it holds, its properties in a stable text form for comparing.</summary>
public sealed record StoredRow(string Table, string PartitionKey, string RowKey, DateTimeOffset? Timestamp, IReadOnlyDictionary<string, object> Properties)
{
    public string Fingerprint { get; } = string.Join('\u001F', Properties.OrderBy(property => property.Key, StringComparer.Ordinal).Select(property => $"{property.Key}={Text(property.Value)}"));

    /// <summary>Every text the row holds: its keys and each property's value.</summary>
    public IEnumerable<string> Texts => Properties.Values.Select(Text).Prepend(RowKey).Prepend(PartitionKey);

    /// <summary>A row as read: the service's own columns (keys, Timestamp, ETag) are not among its properties.</summary>
    public static StoredRow Of(string table, TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var properties = entity
            .Where(property => property.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") && property.Value is not null)
            .ToDictionary(property => property.Key, property => property.Value, StringComparer.Ordinal);
        return new StoredRow(table, entity.PartitionKey, entity.RowKey, entity.Timestamp, properties);
    }

    public override string ToString() =>
        $"{Table}(PartitionKey='{Cut(PartitionKey)}', RowKey='{Cut(RowKey)}') written {Timestamp:O}, properties {string.Join(", ", Properties.Keys.Order(StringComparer.Ordinal))}";

    public static string Text(object value) => value switch
    {
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Cut(string key) => key.Length <= 80 ? key : key[..80] + "…";
}

/// <summary>Every row of every table of the app at one moment.</summary>
public sealed class StorageSnapshot
{
    private StorageSnapshot(IReadOnlyDictionary<(string Table, string PartitionKey, string RowKey), StoredRow> rows) => Rows = rows;

    public IReadOnlyDictionary<(string Table, string PartitionKey, string RowKey), StoredRow> Rows { get; }

    public int CountIn(string table) => Rows.Keys.Count(key => key.Table == table);

    public static async Task<StorageSnapshot> TakeAsync(TableServiceClient tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var rows = new Dictionary<(string, string, string), StoredRow>();
        foreach (var table in AppTables.Names)
        {
            try
            {
                await foreach (var entity in tables.GetTableClient(table).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
                    rows[(table, entity.PartitionKey, entity.RowKey)] = StoredRow.Of(table, entity);
            }
            catch (RequestFailedException missing) when (missing.Status == 404)
            {
                // A table the app has not created holds no rows.
            }
        }
        return new StorageSnapshot(rows);
    }

    /// <summary>Rows added or changed since <paramref name="before"/>, and rows gone (as they were before).</summary>
    public IReadOnlyList<(string Change, StoredRow Row)> ChangesSince(StorageSnapshot before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var changes = new List<(string, StoredRow)>();
        foreach (var (key, row) in Rows)
        {
            if (!before.Rows.TryGetValue(key, out var earlier))
                changes.Add(("added", row));
            else if (earlier.Fingerprint != row.Fingerprint)
                changes.Add(("changed", row));
        }
        changes.AddRange(before.Rows.Where(entry => !Rows.ContainsKey(entry.Key)).Select(entry => ("removed", entry.Value)));
        return changes;
    }
}
