using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;

namespace Feedback.Storage.Tables;

/// <summary>
/// The wire format of an entity group transaction ("Performing entity group transactions"): a multipart/mixed
/// batch holding one changeset, each action an embedded HTTP request; the answer is a multipart/mixed batch of
/// embedded HTTP responses, all 2xx on success, or the one that failed.
/// </summary>
internal static partial class TableTransactionBody
{
    /// <param name="tableUri">The absolute address of the table (where an insert is posted).</param>
    /// <param name="entityUri">The absolute address of an action's entity.</param>
    public static (string ContentType, byte[] Body) Create(IReadOnlyList<TableTransactionAction> actions, string tableUri, Func<TableEntity, string> entityUri)
    {
        var batch = $"batch_{Guid.NewGuid():N}";
        var changeset = $"changeset_{Guid.NewGuid():N}";
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"--{batch}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: multipart/mixed; boundary={changeset}\r\n\r\n");
        foreach (var action in actions)
        {
            body.Append(CultureInfo.InvariantCulture, $"--{changeset}\r\n")
                .Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
            var (method, uri) = action.Kind switch
            {
                TableTransactionActionKind.Insert => ("POST", tableUri),
                TableTransactionActionKind.UpsertReplace => ("PUT", entityUri(action.Entity)),
                TableTransactionActionKind.UpsertMerge => ("MERGE", entityUri(action.Entity)),
                TableTransactionActionKind.Delete => ("DELETE", entityUri(action.Entity)),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.Kind, "Unknown transaction action."),
            };
            body.Append(CultureInfo.InvariantCulture, $"{method} {uri} HTTP/1.1\r\n")
                .Append("Accept: application/json;odata=minimalmetadata\r\nDataServiceVersion: 3.0\r\n");
            if (action.Kind == TableTransactionActionKind.Delete)
            {
                body.Append(CultureInfo.InvariantCulture, $"If-Match: {action.IfMatch.ToString("H")}\r\n\r\n");
                continue;
            }
            body.Append("Content-Type: application/json\r\n\r\n")
                .Append(Encoding.UTF8.GetString(TableValues.Serialize(action.Entity)))
                .Append("\r\n");
        }
        body.Append(CultureInfo.InvariantCulture, $"--{changeset}--\r\n--{batch}--\r\n");
        return ($"multipart/mixed; boundary={batch}", Encoding.UTF8.GetBytes(body.ToString()));
    }

    /// <summary>Null when every embedded response succeeded; otherwise the failure, naming the action when the service did.</summary>
    public static TableTransactionFailedException? Failure(string responseBody)
    {
        foreach (Match status in EmbeddedStatus().Matches(responseBody))
        {
            var code = int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture);
            if (code is >= 200 and < 300)
                continue;
            var (errorCode, message) = ReadError(responseBody, status.Index);
            var index = message is not null && ActionIndex().Match(message) is { Success: true } prefix
                ? int.Parse(prefix.Groups[1].Value, CultureInfo.InvariantCulture)
                : (int?)null;
            return new TableTransactionFailedException(code, errorCode, $"The transaction was refused ({code} {errorCode}): {message}", index);
        }
        return null;
    }

    private static (string? Code, string? Message) ReadError(string body, int from)
    {
        var start = body.IndexOf('{', from);
        var end = body.LastIndexOf('}');
        if (start < 0 || end < start)
            return (null, null);
        try
        {
            using var json = JsonDocument.Parse(body.AsMemory(start, end - start + 1));
            if (!json.RootElement.TryGetProperty("odata.error", out var error))
                return (null, null);
            var code = error.TryGetProperty("code", out var codeElement) ? codeElement.GetString() : null;
            var message = error.TryGetProperty("message", out var messageElement)
                ? messageElement.ValueKind == JsonValueKind.Object && messageElement.TryGetProperty("value", out var value) ? value.GetString() : messageElement.ToString()
                : null;
            return (code, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    [GeneratedRegex(@"^HTTP/1\.1 (\d{3})", RegexOptions.Multiline)]
    private static partial Regex EmbeddedStatus();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex ActionIndex();
}
