using Azure;

namespace Feedback.Storage.Tables;

/// <summary>
/// A table row: its keys, the service's Timestamp and ETag once read or written, and typed properties:
/// string, int, long, double, bool, DateTimeOffset, Guid or byte[]. Keys are checked on construction, so an
/// entity the service would refuse is never built.
/// </summary>
public sealed class TableEntity
{
    public const string PartitionKeyName = "PartitionKey";
    public const string RowKeyName = "RowKey";
    public const string TimestampName = "Timestamp";

    private readonly Dictionary<string, object> properties = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">A key holds / \ # ? or a control character.</exception>
    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = TableNames.ValidateKey(partitionKey, nameof(partitionKey));
        RowKey = TableNames.ValidateKey(rowKey, nameof(rowKey));
    }

    public string PartitionKey { get; }

    public string RowKey { get; }

    /// <summary>When the service last wrote the entity; null until read from the service.</summary>
    public DateTimeOffset? Timestamp { get; internal set; }

    /// <summary>The version the service last reported, for If-Match; default until read from the service.</summary>
    public ETag ETag { get; internal set; }

    public IReadOnlyDictionary<string, object> Properties => properties;

    /// <exception cref="ArgumentException">The name is not an identifier, is a system property, or the value's
    /// type is not one Table Storage stores.</exception>
    public object this[string name]
    {
        get => properties[name];
        set => properties[ValidateName(name)] = ValidateValue(name, value);
    }

    public bool Remove(string name) => properties.Remove(name);

    public string? GetString(string name) => Get<string>(name);

    public int? GetInt32(string name) => properties.TryGetValue(name, out var value) ? As<int>(name, value) : null;

    public long? GetInt64(string name) => properties.TryGetValue(name, out var value) ? As<long>(name, value) : null;

    /// <summary>
    /// A whole-number double within int's range comes back from the service without a type annotation, so it
    /// reads as an int: it is widened here.
    /// </summary>
    public double? GetDouble(string name) => properties.TryGetValue(name, out var value)
        ? value is int whole ? whole : As<double>(name, value)
        : null;

    public bool? GetBoolean(string name) => properties.TryGetValue(name, out var value) ? As<bool>(name, value) : null;

    public DateTimeOffset? GetDateTimeOffset(string name) =>
        properties.TryGetValue(name, out var value) ? As<DateTimeOffset>(name, value) : null;

    public Guid? GetGuid(string name) => properties.TryGetValue(name, out var value) ? As<Guid>(name, value) : null;

    public byte[]? GetBinary(string name) => Get<byte[]>(name);

    internal void SetFromService(string name, object value) => properties[name] = value;

    private T? Get<T>(string name)
        where T : class =>
        properties.TryGetValue(name, out var value)
            ? value as T ?? throw WrongType(name, value, typeof(T))
            : null;

    private static T As<T>(string name, object value)
        where T : struct =>
        value is T typed ? typed : throw WrongType(name, value, typeof(T));

    private static InvalidCastException WrongType(string name, object value, Type wanted) =>
        new($"Property '{name}' holds a {value.GetType().Name}, not a {wanted.Name}.");

    private static string ValidateName(string name)
    {
        TableNames.ValidateProperty(name);
        if (name is PartitionKeyName or RowKeyName or TimestampName)
            throw new ArgumentException($"'{name}' is a system property: set it through the entity's own members.", nameof(name));
        return name;
    }

    private static object ValidateValue(string name, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value switch
        {
            double number when !double.IsFinite(number) =>
                throw new ArgumentException($"Property '{name}' is {number}: only finite doubles are stored.", nameof(value)),
            string or int or long or double or bool or DateTimeOffset or Guid or byte[] => value,
            _ => throw new ArgumentException(
                $"Property '{name}' is a {value.GetType().Name}: Table Storage stores string, int, long, double, bool, DateTimeOffset, Guid or byte[].",
                nameof(value)),
        };
    }
}
