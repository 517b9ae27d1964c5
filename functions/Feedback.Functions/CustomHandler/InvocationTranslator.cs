using System.Globalization;
using System.Text;
using System.Text.Json;
using Feedback.Core.Messaging;

namespace Feedback.Functions.CustomHandler;

/// <summary>
/// Turns the Functions host's invocation payloads into the pipeline's own types, without I/O.
/// </summary>
/// <remarks>
/// The host serializes trigger data and metadata for a custom handler value by value: a string becomes JSON text
/// (so it can arrive as a JSON string whose content is itself a JSON string literal, <c>"\"abc\""</c>), a number
/// can arrive as a string (<c>"1"</c>), a dictionary or POCO as an object; the documentation's examples show the
/// plain forms (<c>"abc"</c>, <c>1</c>). Every form is read here. The one ambiguity: a message body whose text is
/// itself a JSON string literal is unwrapped once; the pipeline's bodies are JSON objects, so none is.
/// </remarks>
public static class InvocationTranslator
{
    /// <summary>
    /// A Service Bus trigger invocation as a <see cref="ReceivedMessage"/>: the body is the message text from
    /// <c>Data[<paramref name="triggerName"/>]</c> as UTF-8; MessageId, DeliveryCount and UserProperties (or
    /// ApplicationProperties) come from Metadata. <see cref="ReceivedMessage.Receipt"/> is the lock token and
    /// <see cref="ReceivedMessage.TransportId"/> the sequence number, both informational: the host settles the message.
    /// </summary>
    /// <param name="triggerName">The trigger binding's <c>name</c> in function.json.</param>
    /// <exception cref="HostInvocationFormatException">The body, MessageId or DeliveryCount is missing or unreadable.</exception>
    public static ReceivedMessage ToReceivedMessage(HostInvocationRequest invocation, string triggerName)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentException.ThrowIfNullOrWhiteSpace(triggerName);

        var body = Find(invocation.Data, triggerName) is { } data
            ? ReadText(data)
            : throw new HostInvocationFormatException($"The invocation has no Data.{triggerName}: check the trigger binding's name in function.json.");

        var messageId = Find(invocation.Metadata, "MessageId") is { } id && ReadScalar(id) is { Length: > 0 } idText
            ? idText
            : throw new HostInvocationFormatException("The Service Bus invocation has no Metadata.MessageId.");

        var deliveryCount = Find(invocation.Metadata, "DeliveryCount") is { } count && ReadInt32(count) is int countValue and >= 1
            ? countValue
            : throw new HostInvocationFormatException("The Service Bus invocation has no Metadata.DeliveryCount of 1 or more.");

        var properties = ReadProperties(Find(invocation.Metadata, "UserProperties"))
            ?? ReadProperties(Find(invocation.Metadata, "ApplicationProperties"))
            ?? new Dictionary<string, string>();

        var lockToken = Find(invocation.Metadata, "LockToken") is { } token ? ReadScalar(token) : null;
        var sequenceNumber = Find(invocation.Metadata, "SequenceNumber") is { } sequence ? ReadScalar(sequence) : null;

        return new ReceivedMessage(
            messageId,
            Encoding.UTF8.GetBytes(body),
            properties,
            deliveryCount,
            lockToken ?? string.Empty,
            sequenceNumber ?? messageId);
    }

    /// <summary>A timer trigger invocation's <c>Data[<paramref name="triggerName"/>]</c>: IsPastDue and ScheduleStatus.</summary>
    /// <param name="triggerName">The trigger binding's <c>name</c> in function.json.</param>
    /// <exception cref="HostInvocationFormatException">The timer value is missing or not an object.</exception>
    public static TimerScheduleStatus ToTimerScheduleStatus(HostInvocationRequest invocation, string triggerName)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentException.ThrowIfNullOrWhiteSpace(triggerName);

        var timer = Find(invocation.Data, triggerName) is { } data && ReadObject(data) is { } timerObject
            ? timerObject
            : throw new HostInvocationFormatException($"The invocation has no timer object in Data.{triggerName}: check the trigger binding's name in function.json.");

        var isPastDue = Find(timer, "IsPastDue") is { ValueKind: JsonValueKind.True };
        var status = Find(timer, "ScheduleStatus") is { } statusValue ? ReadObject(statusValue) : null;

        return new TimerScheduleStatus(
            isPastDue,
            ReadTime(status, "Last"),
            ReadTime(status, "Next"),
            ReadTime(status, "LastUpdated"));
    }

    /// <summary>The message text: a JSON string (unwrapped once more when the host double-encoded it) or the raw JSON of an object.</summary>
    private static string ReadText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => UnwrapStringLiteral(value.GetString()!),
        JsonValueKind.Null => string.Empty,
        _ => value.GetRawText(),
    };

    /// <summary>A scalar as text: a string (unwrapped once more if double-encoded), or a number's or Boolean's JSON text.</summary>
    private static string? ReadScalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => UnwrapStringLiteral(value.GetString()!),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static int? ReadInt32(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt32(out var number) ? number : null,
        JsonValueKind.String => int.TryParse(UnwrapStringLiteral(value.GetString()!), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null,
        _ => null,
    };

    /// <summary>An object, or a string whose content is the JSON of an object.</summary>
    private static JsonElement? ReadObject(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        return value.ValueKind == JsonValueKind.String && TryParse(value.GetString()!) is { ValueKind: JsonValueKind.Object } parsed
            ? parsed
            : null;
    }

    /// <summary>Application properties as strings, null when there is no object; a null value is left out, a nested value kept as its JSON.</summary>
    private static Dictionary<string, string>? ReadProperties(JsonElement? bag)
    {
        if (bag is not { } bagValue || ReadObject(bagValue) is not { } bagObject)
        {
            return null;
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var property in bagObject.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    properties[property.Name] = property.Value.GetString()!;
                    break;
                case JsonValueKind.Null or JsonValueKind.Undefined:
                    break;
                default:
                    properties[property.Name] = property.Value.GetRawText();
                    break;
            }
        }

        return properties;
    }

    private static DateTimeOffset? ReadTime(JsonElement? parent, string name)
    {
        if (parent is not { } parentObject || Find(parentObject, name) is not { ValueKind: JsonValueKind.String } value)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
    }

    private static string UnwrapStringLiteral(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' && TryParse(text) is { ValueKind: JsonValueKind.String } literal
            ? literal.GetString()!
            : text;

    private static JsonElement? TryParse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The value under <paramref name="key"/>, matched case-insensitively like the host's binding data.</summary>
    private static JsonElement? Find(IReadOnlyDictionary<string, JsonElement>? values, string key)
    {
        if (values is null)
        {
            return null;
        }

        if (values.TryGetValue(key, out var exact))
        {
            return exact;
        }

        foreach (var (name, value) in values)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static JsonElement? Find(JsonElement parent, string key)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in parent.EnumerateObject())
        {
            if (string.Equals(property.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
