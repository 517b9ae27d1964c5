namespace Feedback.Kavenegar;

/// <summary>
/// Keeps the API key, which Kavenegar takes in the URL path, out of anything written down. The client uses it for its own
/// logs and exceptions; the app uses <see cref="RedactUrl"/> wherever something else records request URLs (for example
/// tracing of outgoing HTTP calls, whose <c>url.full</c> would otherwise hold the key).
/// </summary>
public static class KavenegarRedaction
{
    /// <summary>What stands in for the key.</summary>
    public const string Mask = "***";

    private const string VersionSegment = "v1";

    /// <summary>The endpoint as the client writes it down: <c>v1/***/{section}/{method}.json</c>.</summary>
    public static string Endpoint(string section, string method) => $"{VersionSegment}/{Mask}/{section}/{method}.json";

    /// <summary>
    /// <paramref name="url"/> with the path segment after <c>v1/</c> (where Kavenegar's API key sits) masked; any other URL
    /// comes back unchanged.
    /// </summary>
    public static string RedactUrl(Uri url)
    {
        var text = url.ToString();
        var path = url.IsAbsoluteUri ? url.AbsolutePath : text;
        var marker = path.IndexOf($"{VersionSegment}/", StringComparison.Ordinal);
        if (marker < 0 || (marker > 0 && path[marker - 1] != '/'))
        {
            return text;
        }

        var keyStart = marker + VersionSegment.Length + 1;
        var keyEnd = path.IndexOf('/', keyStart);
        var key = keyEnd < 0 ? path[keyStart..] : path[keyStart..keyEnd];
        return key.Length == 0 ? text : text.Replace($"{VersionSegment}/{key}", $"{VersionSegment}/{Mask}", StringComparison.Ordinal);
    }

    /// <summary><paramref name="text"/> with every occurrence of the key, plain or URL-escaped, masked.</summary>
    internal static string Redact(string text, string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return text;
        }

        var redacted = text.Replace(apiKey, Mask, StringComparison.Ordinal);
        var escaped = Uri.EscapeDataString(apiKey);
        return escaped == apiKey ? redacted : redacted.Replace(escaped, Mask, StringComparison.Ordinal);
    }

    /// <summary>Whether the key appears anywhere in the messages of an exception and its inner exceptions.</summary>
    internal static bool Mentions(Exception exception, string apiKey)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (Redact(current.Message, apiKey) != current.Message)
            {
                return true;
            }
        }

        return false;
    }
}
