using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Feedback.Functions.Http;

/// <summary>
/// Reads a request body at the edge, as JSON or as a form, with a problem that names what is wrong instead of an
/// exception. The limit is counted on the bytes actually read, so a chunked body (no Content-Length) is held to the
/// same limit as a declared one, and a body Kestrel gives up on (too slow, broken) is a problem, not 500. For JSON,
/// the problem names the field and the type it must have when a value is of the wrong type.
/// </summary>
internal static partial class RequestBody
{
    public const int MaxJsonBytes = 16 * 1024;

    /// <summary>Numbers are JSON numbers: "5" is not a rating. The OpenAPI document says the same (<see cref="Operations.OperationsServices"/>).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        NumberHandling = JsonNumberHandling.Strict,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken, int maxBytes = MaxJsonBytes)
        where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "send the body as application/json"));
        var (bytes, unreadable) = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (bytes is not { } body)
            return (null, unreadable);
        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Span, JsonOptions);
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

    private static async Task<(ReadOnlyMemory<byte>? Bytes, IResult? Problem)> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
            return (null, TooLarge(maxBytes));
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    return (null, TooLarge(maxBytes));
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException unreadable)
        {
            return (null, BadRequests.Problem(unreadable));
        }
        return (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), null);
    }

    /// <summary>A form (url-encoded or multipart) of at most <paramref name="maxBytes"/> read bytes and <paramref name="maxValues"/> fields.</summary>
    public static async Task<(IFormCollection? Form, IResult? Problem)> ReadFormAsync(HttpRequest request, int maxBytes, int maxValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType)
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "post the fields as application/x-www-form-urlencoded"));
        var (bytes, problem) = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (bytes is not { } body)
            return (null, problem);
        request.Body = new MemoryStream(body.ToArray(), writable: false);
        request.ContentLength = body.Length;
        try
        {
            return (await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = maxBytes, MultipartBodyLengthLimit = maxBytes, ValueCountLimit = maxValues }, cancellationToken), null);
        }
        catch (Exception unreadable) when (unreadable is InvalidDataException or BadHttpRequestException or IOException)
        {
            return (null, Problems.Validation(new() { ["body"] = ["not a readable form"] }));
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"the body may be at most {maxBytes} bytes");

    /// <summary>What the value at <paramref name="path"/> (as System.Text.Json writes it: $.items[0].rating) must be, or null when the path leads nowhere known.</summary>
    internal static string? ExpectedAt(Type root, string? path)
    {
        var type = JsonOptions.GetTypeInfo(root);
        foreach (Match step in PathStep().Matches(path ?? ""))
        {
            JsonTypeInfo? next;
            if (step.Groups["index"].Success)
            {
                next = type.ElementType is { } element ? JsonOptions.GetTypeInfo(element) : null;
            }
            else
            {
                var name = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value;
                var property = type.Properties.FirstOrDefault(candidate => string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase));
                next = property is null ? null : JsonOptions.GetTypeInfo(property.PropertyType);
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
