using System.Globalization;
using System.Text.Json;
using Azure;

namespace Feedback.Storage.Tables;

/// <summary>
/// Entities in the Table service's JSON: a property whose type JSON cannot carry gets an
/// "name@odata.type" annotation (Edm.Int64 as a string, Edm.Double, Edm.DateTime, Edm.Guid, Edm.Binary as
/// base64); string, Edm.Int32 and bool are plain JSON.
/// </summary>
internal static class TableValues
{
    private const string TypeAnnotationSuffix = "@odata.type";

    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static byte[] Serialize(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(TableEntity.PartitionKeyName, entity.PartitionKey);
            writer.WriteString(TableEntity.RowKeyName, entity.RowKey);
            foreach (var (name, value) in entity.Properties)
                WriteProperty(writer, name, value);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static TableEntity Deserialize(JsonElement json, ETag etagFromHeader)
    {
        var entity = new TableEntity(
            json.GetProperty(TableEntity.PartitionKeyName).GetString()!,
            json.GetProperty(TableEntity.RowKeyName).GetString()!);
        entity.ETag = json.TryGetProperty("odata.etag", out var etag) ? new ETag(etag.GetString()!) : etagFromHeader;
        foreach (var property in json.EnumerateObject())
        {
            var name = property.Name;
            if (name is TableEntity.PartitionKeyName or TableEntity.RowKeyName
                || name.StartsWith("odata.", StringComparison.Ordinal)
                || name.EndsWith(TypeAnnotationSuffix, StringComparison.Ordinal)
                || property.Value.ValueKind == JsonValueKind.Null)
                continue;

            if (name == TableEntity.TimestampName)
            {
                entity.Timestamp = ParseDateTime(property.Value.GetString()!);
                continue;
            }

            var type = json.TryGetProperty(name + TypeAnnotationSuffix, out var annotation) ? annotation.GetString() : null;
            entity.SetFromService(name, ReadValue(property.Value, type));
        }

        return entity;
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string text:
                writer.WriteString(name, text);
                break;
            case int number:
                writer.WriteNumber(name, number);
                break;
            case bool flag:
                writer.WriteBoolean(name, flag);
                break;
            case long number:
                writer.WriteString(name + TypeAnnotationSuffix, "Edm.Int64");
                writer.WriteString(name, number.ToString(CultureInfo.InvariantCulture));
                break;
            case double number:
                writer.WriteString(name + TypeAnnotationSuffix, "Edm.Double");
                writer.WriteNumber(name, number);
                break;
            case DateTimeOffset moment:
                writer.WriteString(name + TypeAnnotationSuffix, "Edm.DateTime");
                writer.WriteString(name, FormatDateTime(moment));
                break;
            case Guid identifier:
                writer.WriteString(name + TypeAnnotationSuffix, "Edm.Guid");
                writer.WriteString(name, identifier.ToString("D"));
                break;
            case byte[] bytes:
                writer.WriteString(name + TypeAnnotationSuffix, "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                break;
            default:
                throw new InvalidOperationException($"Property '{name}' has unsupported type {value.GetType().Name}.");
        }
    }

    private static object ReadValue(JsonElement value, string? type) => type switch
    {
        "Edm.Int64" => long.Parse(value.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture),
        "Edm.Int32" => value.ValueKind == JsonValueKind.String
            ? int.Parse(value.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : value.GetInt32(),
        "Edm.Double" => value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
            : value.GetDouble(),
        "Edm.DateTime" => ParseDateTime(value.GetString()!),
        "Edm.Guid" => Guid.Parse(value.GetString()!),
        "Edm.Binary" => value.GetBytesFromBase64(),
        "Edm.Boolean" => value.GetBoolean(),
        "Edm.String" or null => ReadUnannotated(value),
        _ => throw new FormatException($"The Table service sent a property of unknown type {type}."),
    };

    private static object ReadUnannotated(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when IsWholeNumberText(value.GetRawText()) && value.TryGetInt32(out var whole) => whole,
        JsonValueKind.Number => value.GetDouble(),
        _ => throw new FormatException($"The Table service sent a property of JSON kind {value.ValueKind}."),
    };

    private static bool IsWholeNumberText(string text) => text.All(character => char.IsAsciiDigit(character) || character == '-');

    private static DateTimeOffset ParseDateTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
