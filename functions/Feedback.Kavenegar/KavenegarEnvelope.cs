using System.Globalization;
using System.Text.Json;

namespace Feedback.Kavenegar;

/// <summary>Kavenegar's answer: <c>{"return":{"status":..,"message":..},"entries":..}</c>, and readers for its entries.</summary>
internal sealed record KavenegarEnvelope(int Status, string? Message, JsonElement Entries)
{
    /// <summary>Reads an answer; false when the body is not Kavenegar's envelope (a gateway's error page, an empty body…).</summary>
    public static bool TryParse(string body, out KavenegarEnvelope envelope)
    {
        envelope = null!;
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("return", out var result)
                || result.ValueKind != JsonValueKind.Object
                || ReadLong(result, "status") is not { } status)
            {
                return false;
            }

            var entries = root.TryGetProperty("entries", out var found) ? found.Clone() : default;
            envelope = new KavenegarEnvelope((int)status, ReadString(result, "message"), entries);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public IReadOnlyList<KavenegarMessage> ReadMessages() =>
        EntryObjects().Select(entry => new KavenegarMessage(
            ReadLong(entry, "messageid") ?? 0,
            ReadString(entry, "receptor") ?? "",
            NullIfEmpty(ReadString(entry, "sender")),
            ReadString(entry, "message"),
            (int)(ReadLong(entry, "status") ?? 0),
            ReadString(entry, "statustext"),
            ReadUnixTime(entry, "date"),
            ReadLong(entry, "cost"))).ToList();

    public IReadOnlyList<KavenegarMessageStatus> ReadStatuses() =>
        EntryObjects().Select(entry => new KavenegarMessageStatus(
            ReadLong(entry, "messageid") ?? 0,
            (int)(ReadLong(entry, "status") ?? 0),
            ReadString(entry, "statustext"))).ToList();

    public IReadOnlyList<KavenegarLocalMessageStatus> ReadLocalStatuses() =>
        EntryObjects().Select(entry => new KavenegarLocalMessageStatus(
            ReadLong(entry, "localid") ?? 0,
            ReadLong(entry, "messageid") ?? 0,
            (int)(ReadLong(entry, "status") ?? 0))).ToList();

    // The official SDKs read sender (the citizen), receptor (the line), message, messageid and date.
    public IReadOnlyList<KavenegarInboundMessage> ReadInbound() =>
        EntryObjects().Select(entry => new KavenegarInboundMessage(
            ReadLong(entry, "messageid") ?? 0,
            ReadString(entry, "sender") ?? "",
            ReadString(entry, "receptor") ?? "",
            ReadString(entry, "message") ?? "",
            ReadUnixTime(entry, "date"))).ToList();

    public KavenegarAccountInfo ReadAccountInfo()
    {
        var entry = EntryObjects().FirstOrDefault();
        return entry.ValueKind == JsonValueKind.Object
            ? new KavenegarAccountInfo(ReadLong(entry, "remaincredit") ?? 0, ReadUnixTime(entry, "expiredate"), ReadString(entry, "type"))
            : throw new JsonException("no account entry.");
    }

    // Kavenegar gives a list for message methods and a single object for account/info.
    private IEnumerable<JsonElement> EntryObjects() => Entries.ValueKind switch
    {
        JsonValueKind.Array => Entries.EnumerateArray().Where(entry => entry.ValueKind == JsonValueKind.Object),
        JsonValueKind.Object => [Entries],
        _ => [],
    };

    private static long? ReadLong(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number
        : value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var fraction) ? (long)fraction
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    private static string? ReadString(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;

    private static DateTimeOffset? ReadUnixTime(JsonElement element, string name) =>
        ReadLong(element, name) is long seconds and > 0 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
