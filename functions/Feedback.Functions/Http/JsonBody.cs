using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Feedback.Functions.Http;

/// <summary>
/// Reads a JSON request body at the edge: JSON content type only, at most <see cref="MaxBytes"/> read (see <see cref="BoundedBody"/>), and a
/// problem that names what is wrong (the field and the type it must have, for a value of the wrong type) instead of an exception.
/// </summary>
internal static partial class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    /// <summary>Numbers are JSON numbers: "5" is not a rating. The OpenAPI document says the same (<see cref="Operations.OperationsServices"/>).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        NumberHandling = JsonNumberHandling.Strict,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken, int maxBytes = MaxBytes)
        where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "send the body as application/json"));
        var (bytes, unreadable) = await BoundedBody.ReadAsync(request, maxBytes, cancellationToken);
        if (bytes is not { } body)
            return (null, unreadable);
        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Span, Options);
            return value is null
                ? (null, Problems.Validation(new() { ["body"] = ["the body must be a JSON object"] }))
                : (value, null);
        }
        catch (JsonException invalid)
        {
            var field = string.IsNullOrEmpty(invalid.Path) || invalid.Path == "$" ? "body" : invalid.Path.TrimStart('$', '.');
            // Broken JSON fails in the reader (its exception inside); well-formed JSON of the wrong type fails converting.
            var expected = invalid.InnerException is JsonException ? null : ExpectedAt(typeof(T), invalid.Path);
            return (null, Problems.Validation(new() { [field] = [expected is null ? $"not valid JSON here ({Describe(invalid)})" : $"must be {expected}"] }));
        }
    }

    /// <summary>What the value at <paramref name="path"/> (as System.Text.Json writes it: $.items[0].rating) must be, or null when the path leads nowhere known.</summary>
    internal static string? ExpectedAt(Type root, string? path)
    {
        var type = Options.GetTypeInfo(root);
        foreach (Match step in PathStep().Matches(path ?? ""))
        {
            JsonTypeInfo? next;
            if (step.Groups["index"].Success)
            {
                next = type.ElementType is { } element ? Options.GetTypeInfo(element) : null;
            }
            else
            {
                var name = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value;
                var property = type.Properties.FirstOrDefault(candidate => string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase));
                next = property is null ? null : Options.GetTypeInfo(property.PropertyType);
            }
            if (next is null)
                return null;
            type = next;
        }
        return Describe(type);
    }

    private static string Describe(JsonTypeInfo type)
    {
        var clr = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        return clr switch
        {
            _ when clr == typeof(string) => "a string",
            _ when clr == typeof(bool) => "true or false",
            _ when clr == typeof(int) || clr == typeof(long) || clr == typeof(short) => "a whole number (a JSON number, not a string)",
            _ when clr == typeof(double) || clr == typeof(decimal) || clr == typeof(float) => "a number (a JSON number, not a string)",
            _ when clr == typeof(DateTimeOffset) || clr == typeof(DateTime) => "a date and time in ISO 8601 with its UTC offset, e.g. 2026-12-06T10:00:00+03:30",
            _ => type.Kind switch
            {
                JsonTypeInfoKind.Enumerable => "a JSON array",
                JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "a JSON object",
                _ => "a value of another type",
            },
        };
    }

    private static string Describe(JsonException invalid) =>
        invalid.LineNumber is { } line ? $"line {line + 1}, byte {invalid.BytePositionInLine + 1}" : "malformed";

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]|\['(?<quoted>(?:[^']|'')*)'\]")]
    private static partial Regex PathStep();
}
