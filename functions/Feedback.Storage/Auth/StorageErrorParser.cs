using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Azure;
using Azure.Core;

namespace Feedback.Storage.Auth;

/// <summary>
/// Reads a storage error into a <see cref="RequestFailedException"/>'s code and message: the code from the
/// x-ms-error-code header or the body; the body is OData JSON from the Table service and XML from the Queue service.
/// </summary>
internal sealed class StorageErrorParser : RequestFailedDetailsParser
{
    public static StorageErrorParser Instance { get; } = new();

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        var (bodyCode, message) = ReadBody(response);
        response.Headers.TryGetValue("x-ms-error-code", out var headerCode);
        var code = headerCode ?? bodyCode;
        error = code is null && message is null ? null : new ResponseError(code, message);
        return error is not null;
    }

    public static RequestFailedException Exception(Response response) => new(response, null, Instance);

    private static (string? Code, string? Message) ReadBody(Response response)
    {
        var body = response.Content?.ToString().Trim();
        if (string.IsNullOrEmpty(body))
            return (null, null);
        try
        {
            return body[0] switch
            {
                '{' => ReadOData(body),
                '<' => ReadXml(body),
                _ => (null, null),
            };
        }
        catch (Exception exception) when (exception is JsonException or XmlException)
        {
            return (null, null);
        }
    }

    private static (string? Code, string? Message) ReadOData(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("odata.error", out var odataError))
            return (null, null);
        var code = odataError.TryGetProperty("code", out var codeElement) ? codeElement.GetString() : null;
        var message = odataError.TryGetProperty("message", out var messageElement)
            ? messageElement.ValueKind == JsonValueKind.Object && messageElement.TryGetProperty("value", out var value)
                ? value.GetString()
                : messageElement.ToString()
            : null;
        return (code, message);
    }

    private static (string? Code, string? Message) ReadXml(string body)
    {
        using var reader = XmlReader.Create(new StringReader(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var root = XDocument.Load(reader).Root;
        return (root?.Element("Code")?.Value, root?.Element("Message")?.Value);
    }
}
