using System.Text.Json;

namespace Feedback.Functions.Http;

/// <summary>
/// Reads a JSON request body at the edge: JSON content type only, at most <see cref="MaxBytes"/> read (see <see cref="BoundedBody"/>), and a
/// problem that names what is wrong (the field, for a value of the wrong type) instead of an exception.
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
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
            return (null, Problems.Validation(new() { [field] = [$"not valid JSON here ({Describe(invalid)})"] }));
        }
    }

    private static string Describe(JsonException invalid) =>
        invalid.LineNumber is { } line ? $"line {line + 1}, byte {invalid.BytePositionInLine + 1}" : "malformed";
}
