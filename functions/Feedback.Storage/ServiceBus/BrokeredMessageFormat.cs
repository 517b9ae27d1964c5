using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Feedback.Core.Messaging;

namespace Feedback.Storage.ServiceBus;

/// <summary>
/// How an <see cref="OutgoingMessage"/> is written for the Service Bus REST API.
/// A single send carries broker properties as JSON in the <c>BrokerProperties</c> header and each application
/// property as its own header; a batch is a JSON array of <c>{"Body","BrokerProperties","UserProperties"}</c>.
/// Bodies are sent as their UTF-8 text, so the Functions host's Service Bus trigger, which decodes a message body
/// as UTF-8, hands the same text back.
/// </summary>
internal static class BrokeredMessageFormat
{
    public const string BatchContentType = "application/vnd.microsoft.servicebus.json";
    public const string SingleBodyContentType = "application/json; charset=utf-8";
    public const string BrokerPropertiesHeader = "BrokerProperties";

    /// <summary>Service Bus caps MessageId at 128 characters.</summary>
    public const int MaxMessageIdLength = 128;

    /// <summary>Service Bus caps queue and topic paths at 260 characters.</summary>
    public const int MaxEntityPathLength = 260;

    // Headers the HTTP stack or Service Bus give a meaning of their own; a property by such a name travels in a batch body instead.
    private static readonly HashSet<string> ReservedHeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "Accept-Encoding", "Authorization", BrokerPropertiesHeader, "Connection", "Date", "Expect", "Host",
        "Keep-Alive", "Request-Id", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "User-Agent", "traceparent", "tracestate",
    };

    private static ReadOnlySpan<byte> ArrayStart => "["u8;

    private static ReadOnlySpan<byte> ArrayEnd => "]"u8;

    private static ReadOnlySpan<byte> ArraySeparator => ","u8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Batch bodies carry Persian text; escaping it as \uXXXX would triple its size against the batch limit.
    private static readonly JsonWriterOptions BatchWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The queue or topic path as it goes into the URL; letters, digits, '.', '-', '_' and '/' only.</summary>
    /// <exception cref="ArgumentException">The path is empty, too long or has other characters.</exception>
    public static void ValidateEntityPath(string entityPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityPath);
        var valid = entityPath.Length <= MaxEntityPathLength
            && char.IsAsciiLetterOrDigit(entityPath[0])
            && char.IsAsciiLetterOrDigit(entityPath[^1])
            && entityPath.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/');
        if (!valid)
        {
            throw new ArgumentException(
                $"'{entityPath}' is not a Service Bus queue or topic path: up to {MaxEntityPathLength} letters, digits, '.', '-', '_' or '/', "
                + "starting and ending with a letter or digit.",
                nameof(entityPath));
        }
    }

    /// <exception cref="ArgumentException">The MessageId is empty or longer than Service Bus accepts.</exception>
    public static void ValidateMessageId(OutgoingMessage message)
    {
        if (string.IsNullOrEmpty(message.MessageId) || message.MessageId.Length > MaxMessageIdLength)
        {
            throw new ArgumentException(
                $"A Service Bus MessageId has 1 to {MaxMessageIdLength} characters; got {message.MessageId?.Length ?? 0}.",
                nameof(message));
        }
    }

    /// <summary>The <c>BrokerProperties</c> header value: MessageId, and ScheduledEnqueueTimeUtc (RFC 1123) when deferred.</summary>
    public static string BrokerPropertiesJson(OutgoingMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            // The default encoder escapes everything outside ASCII, which an HTTP header value needs.
            WriteBrokerProperties(writer, message);
        }

        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The application property headers of a single send. Each value is sent in double quotes, which makes
    /// Service Bus keep it as a string: unquoted, "42" would become a number and "true" a Boolean.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> PropertyHeaders(OutgoingMessage message) =>
        message.Properties.Select(property => KeyValuePair.Create(property.Key, $"\"{property.Value}\""));

    /// <summary>
    /// Whether every application property can travel as a header of a single send without being altered: a
    /// token-shaped name no HTTP component claims and no other property shares in another letter case (header names
    /// are case-insensitive), a printable-ASCII value without quotes or backslashes, without edge whitespace
    /// (headers are trimmed) and not shaped like an RFC 1123 date (Service Bus would store it as a DateTime).
    /// Anything else, Persian text in particular, is carried losslessly by the batch JSON instead.
    /// </summary>
    public static bool PropertiesFitInHeaders(OutgoingMessage message) =>
        message.Properties.All(property => IsHeaderSafeName(property.Key) && IsHeaderSafeValue(property.Value))
        && message.Properties.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count() == message.Properties.Count;

    /// <summary>
    /// Writes each message as one batch entry and groups the entries into request bodies of at most
    /// <paramref name="maxRequestBytes"/>. An entry larger than that on its own still gets a request of its own,
    /// so that Service Bus, not this client, decides against the tier's real limit.
    /// </summary>
    /// <exception cref="ArgumentException">A body is not valid UTF-8 (a batch carries bodies as JSON text).</exception>
    public static IReadOnlyList<BatchRequestBody> BatchRequestBodies(IReadOnlyList<OutgoingMessage> messages, int maxRequestBytes)
    {
        var bodies = new List<BatchRequestBody>();
        var entries = new List<byte[]>();
        var size = ArrayStart.Length + ArrayEnd.Length;

        foreach (var message in messages)
        {
            var entry = BatchEntry(message);
            var sizeWithEntry = size + entry.Length + (entries.Count > 0 ? ArraySeparator.Length : 0);
            if (entries.Count > 0 && sizeWithEntry > maxRequestBytes)
            {
                bodies.Add(JoinEntries(entries));
                entries.Clear();
                sizeWithEntry = ArrayStart.Length + ArrayEnd.Length + entry.Length;
            }

            entries.Add(entry);
            size = sizeWithEntry;
        }

        if (entries.Count > 0)
        {
            bodies.Add(JoinEntries(entries));
        }

        return bodies;
    }

    private static byte[] BatchEntry(OutgoingMessage message)
    {
        string body;
        try
        {
            body = StrictUtf8.GetString(message.Body.Span);
        }
        catch (DecoderFallbackException exception)
        {
            throw new ArgumentException($"Message '{message.MessageId}' has a body that is not UTF-8 text, which a Service Bus batch cannot carry.", nameof(message), exception);
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, BatchWriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("Body", body);
            writer.WritePropertyName(BrokerPropertiesHeader);
            WriteBrokerProperties(writer, message);
            writer.WriteStartObject("UserProperties");
            foreach (var (name, value) in message.Properties)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static BatchRequestBody JoinEntries(List<byte[]> entries)
    {
        var joined = new ArrayBufferWriter<byte>();
        joined.Write(ArrayStart);
        for (var index = 0; index < entries.Count; index++)
        {
            if (index > 0)
            {
                joined.Write(ArraySeparator);
            }

            joined.Write(entries[index]);
        }

        joined.Write(ArrayEnd);
        return new BatchRequestBody(joined.WrittenMemory, entries.Count);
    }

    private static void WriteBrokerProperties(Utf8JsonWriter writer, OutgoingMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("MessageId", message.MessageId);
        if (message.NotBefore is { } notBefore)
        {
            writer.WriteString("ScheduledEnqueueTimeUtc", notBefore.UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
        }

        writer.WriteEndObject();
    }

    private static bool IsHeaderSafeName(string name) =>
        name.Length > 0
        && !ReservedHeaderNames.Contains(name)
        && !name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase)
        && name.All(IsTokenCharacter);

    private static bool IsTokenCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static bool IsHeaderSafeValue(string value) =>
        value.Trim().Length == value.Length
        && value.All(c => c is >= ' ' and <= '~' and not '"' and not '\\')
        && !DateTime.TryParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
