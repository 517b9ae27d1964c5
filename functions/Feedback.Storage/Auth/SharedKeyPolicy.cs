using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Feedback.Storage.Auth;

/// <summary>
/// Signs each request (each retry too, so the date is fresh) with the account key, as "Authorize with Shared
/// Key" specifies for version 2009-09-19 and later. The Table service signs only the verb, Content-MD5,
/// Content-Type, the date and the resource (plus <c>?comp=</c>); the Queue service signs the verb, eleven
/// standard headers, every x-ms- header and the resource with all query parameters.
/// </summary>
internal sealed class SharedKeyPolicy(StorageService service, string accountName, byte[] accountKey)
    : HttpPipelineSynchronousPolicy
{
    private static readonly string[] QueueSignedStandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        var headers = request.Headers.Select(header => KeyValuePair.Create(header.Name, header.Value)).ToList();
        long? contentLength = request.Content is { } content && content.TryComputeLength(out var length) ? length : null;
        var uri = request.Uri.ToUri();
        var stringToSign = service == StorageService.Table
            ? TableStringToSign(request.Method.Method, uri, headers, accountName)
            : QueueStringToSign(request.Method.Method, uri, headers, contentLength, accountName);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKey {accountName}:{signature}");
    }

    /// <summary>VERB, Content-MD5, Content-Type, Date (x-ms-date's value when given), then the resource.</summary>
    internal static string TableStringToSign(
        string method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, string accountName)
    {
        var date = Header(headers, "x-ms-date") ?? Header(headers, "Date") ?? "";
        return string.Join(
            '\n',
            method.ToUpperInvariant(),
            Header(headers, "Content-MD5") ?? "",
            Header(headers, "Content-Type") ?? "",
            date,
            TableCanonicalizedResource(uri, accountName));
    }

    internal static string QueueStringToSign(
        string method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, long? contentLength, string accountName)
    {
        var builder = new StringBuilder(method.ToUpperInvariant()).Append('\n');
        foreach (var name in QueueSignedStandardHeaders)
        {
            var value = name switch
            {
                // Since version 2015-02-21 a zero length is signed as an empty line.
                "Content-Length" => contentLength is > 0 ? contentLength.Value.ToString(CultureInfo.InvariantCulture) : "",
                // With x-ms-date present the Date line stays empty; x-ms-date is signed among the x-ms- headers.
                "Date" => Header(headers, "x-ms-date") is null ? Header(headers, "Date") ?? "" : "",
                _ => Header(headers, name) ?? "",
            };
            builder.Append(value).Append('\n');
        }

        return builder.Append(CanonicalizedHeaders(headers)).Append(QueueCanonicalizedResource(uri, accountName)).ToString();
    }

    /// <summary>"/account/path", then "?comp=value" when the request names a comp: no other parameter.</summary>
    internal static string TableCanonicalizedResource(Uri uri, string accountName)
    {
        var resource = $"/{accountName}{uri.AbsolutePath}";
        var comp = QueryParameters(uri).FirstOrDefault(parameter => parameter.Name == "comp");
        return comp.Name is null ? resource : $"{resource}?comp={comp.Value}";
    }

    /// <summary>
    /// "/account/path", then for each query parameter, names lower-cased and sorted, "\nname:value", values
    /// decoded; a parameter given more than once has its values sorted and joined with commas.
    /// </summary>
    internal static string QueueCanonicalizedResource(Uri uri, string accountName)
    {
        var builder = new StringBuilder($"/{accountName}{uri.AbsolutePath}");
        var parameters = QueryParameters(uri)
            .GroupBy(parameter => parameter.Name, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var values = parameter.Select(entry => entry.Value).Order(StringComparer.Ordinal);
            builder.Append('\n').Append(parameter.Key).Append(':').AppendJoin(',', values);
        }

        return builder.ToString();
    }

    /// <summary>Each x-ms- header as "name:value\n", names lower-cased and sorted, runs of whitespace made one space.</summary>
    private static string CanonicalizedHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var builder = new StringBuilder();
        var storageHeaders = headers
            .Where(header => header.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .GroupBy(header => header.Key.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal);
        foreach (var header in storageHeaders)
        {
            var value = string.Join(',', header.Select(entry => CollapseWhitespace(entry.Value)));
            builder.Append(header.Key).Append(':').Append(value).Append('\n');
        }

        return builder.ToString();
    }

    private static string CollapseWhitespace(string value) =>
        string.Join(' ', value.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static IEnumerable<(string Name, string Value)> QueryParameters(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? pair : pair[..separator];
            var value = separator < 0 ? "" : pair[(separator + 1)..];
            yield return (Uri.UnescapeDataString(name).ToLowerInvariant(), Uri.UnescapeDataString(value));
        }
    }

    private static string? Header(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var header in headers)
        {
            if (header.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
                return header.Value;
        }

        return null;
    }
}
