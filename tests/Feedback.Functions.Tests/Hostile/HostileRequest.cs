using System.Globalization;
using System.Text;

namespace Feedback.Functions.Tests.Hostile;

/// <summary>
/// One request of the hostile corpus, kept as data so that it can be sent, and printed when it exposes a fault.
/// <see cref="Target"/> is the path and query exactly as they go on the wire (percent-escapes and dot segments
/// untouched); a null <see cref="ContentType"/> sends the body with no Content-Type header.
/// </summary>
/// <param name="Family">What the request attacks, e.g. "json wrong type" or "path traversal".</param>
/// <param name="Phones">Phone values the request carries in fields the app reads as phones: an accepted request may store rows keyed by them.</param>
/// <param name="Route">The mapped route the request was made from; null for a trick path.</param>
/// <param name="HostInvocation">A POST to a non-HTTP function's endpoint, which answers the Functions host's retry contract.</param>
public sealed record HostileRequest(
    int Index,
    string Family,
    string Method,
    string Target,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType,
    IReadOnlyList<string> Phones,
    string? Route,
    bool HostInvocation)
{
    private const int ShownCharacters = 300;

    /// <summary>The body's length as sent, which <see cref="Trimmed"/> keeps.</summary>
    public int BodyLength { get; init; } = Body?.Length ?? 0;

    /// <summary>The target's path part, before any query.</summary>
    public string Path => Target.Split('?', 2)[0];

    public bool IsRead => Method is "GET" or "HEAD";

    /// <summary>The request with no more of its body than a description shows, to keep once it is sent.</summary>
    public HostileRequest Trimmed() => Body is { Length: > ShownCharacters * 4 } body ? this with { Body = body[..(ShownCharacters * 4)] } : this;

    public HttpRequestMessage ToMessage(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        // Like every HTTP client (and Kestrel, for raw requests), Uri resolves dot segments ("/a/%2e%2e/b" is "/b"); encoded
        // slashes, backslashes, overlong and double encodings reach the app as sent.
        var uri = new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + Target);
        var message = new HttpRequestMessage(new HttpMethod(Method), uri);
        foreach (var (name, value) in Headers)
            message.Headers.TryAddWithoutValidation(name, value);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return message;
    }

    /// <summary>The request as a person reads it in a failure message: long values cut, bytes that are not text shown as escapes.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#{Index} [{Family}] {Method} {Shorten(Target)}");
        foreach (var (name, value) in Headers)
            text.Append(CultureInfo.InvariantCulture, $"\n    {name}: {Shorten(value)}");
        if (ContentType is not null)
            text.Append(CultureInfo.InvariantCulture, $"\n    Content-Type: {Shorten(ContentType)}");
        if (Body is not null)
            text.Append(CultureInfo.InvariantCulture, $"\n    body ({BodyLength} bytes): {Shorten(Printable(Body))}");
        return text.ToString();
    }

    private static string Shorten(string value) =>
        value.Length <= ShownCharacters ? Escape(value) : $"{Escape(value[..ShownCharacters])}… ({value.Length} characters)";

    private static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var character in value)
        {
            if (char.IsControl(character) || char.IsSurrogate(character))
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)character:X4}");
            else
                escaped.Append(character);
        }
        return escaped.ToString();
    }

    private static string Printable(byte[] body)
    {
        var shown = body.AsSpan(0, Math.Min(body.Length, ShownCharacters * 4));
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(shown);
        }
        catch (DecoderFallbackException)
        {
            var hex = new StringBuilder();
            foreach (var value in shown[..Math.Min(shown.Length, ShownCharacters / 2)])
                hex.Append(value is >= 0x20 and < 0x7F ? ((char)value).ToString() : $"\\x{value:X2}");
            return hex.ToString();
        }
    }
}

/// <summary>What the app answered one hostile request (the body as text, when kept), or how sending it failed.</summary>
public sealed record HostileOutcome(HostileRequest Request, int Status, string? ContentType, string Body, string? Location, Exception? Failure, DateTimeOffset Started, DateTimeOffset Ended)
{
    public bool IsAccepted => Failure is null && Status is >= 200 and < 400;

    /// <returns>The outcome, and the body's bytes for the checks that compare them.</returns>
    public static async Task<(HostileOutcome Outcome, byte[] Body)> SendAsync(HttpClient client, HostileRequest request)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        // A request the generator made unsendable is the suite's fault: it throws here instead of counting against the app.
        using var message = request.ToMessage(client.BaseAddress!);
        var started = DateTimeOffset.UtcNow;
        try
        {
            using var response = await client.SendAsync(message);
            var body = await response.Content.ReadAsByteArrayAsync();
            var outcome = new HostileOutcome(
                request,
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                Encoding.UTF8.GetString(body),
                response.Headers.Location?.OriginalString,
                null,
                started,
                DateTimeOffset.UtcNow);
            return (outcome, body);
        }
        catch (Exception failure)
        {
            return (new HostileOutcome(request, 0, null, string.Empty, null, failure, started, DateTimeOffset.UtcNow), []);
        }
    }

    public override string ToString() =>
        $"{Request.Describe()}\n    → {(Failure is null ? $"{Status} {ContentType}" : $"{Failure.GetType().Name}: {Failure.Message}")}{(Body.Length == 0 ? "" : $" {Body[..Math.Min(Body.Length, 300)]}")}";
}
