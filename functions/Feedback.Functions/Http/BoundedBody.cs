namespace Feedback.Functions.Http;

/// <summary>
/// Reads a request body up to a limit counted on the bytes actually read, so a chunked body (no Content-Length) is
/// held to the same limit as a declared one, and a body Kestrel gives up on (too slow, broken) is a problem, not 500.
/// </summary>
internal static class BoundedBody
{
    public static async Task<(ReadOnlyMemory<byte>? Bytes, IResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
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
        var (bytes, problem) = await ReadAsync(request, maxBytes, cancellationToken);
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

    public static IResult TooLarge(int maxBytes) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"the body may be at most {maxBytes} bytes");
}
