using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Feedback.Core.Items;

namespace Feedback.Core.Messaging;

/// <summary>
/// An item handed to processing: its code, and, when the message carries it, the item as intake stored it with the
/// version (ETag) the insert returned, so processing need not read it again. Without <see cref="Stored"/> processing
/// reads the item (the sweeper's hand-over, a redelivered SMS, an item sent back alone, a message too full to carry it).
/// </summary>
public sealed record ReceivedItem(TrackingCode Code, VersionedItem? Stored = null);

/// <summary>
/// The message on <see cref="Queues.FeedbackIntake"/>: the items intake stored, for processing to classify and route.
/// Version 3, <c>{"version":3,"items":[{"trackingCode":"…","version":"…","item":{…}},…]}</c>, carries each item as
/// stored and its version where it fits (<see cref="MaxCarriedBytes"/>), and only its code where not; it is written
/// only when at least one item is carried. Version 2, <c>{"version":2,"trackingCodes":[…]}</c>, carries codes only;
/// version 1, written before versions existed, is <c>{"TrackingCode":"…"}</c> (any casing) with one code. All three
/// still read. A carried item that this build cannot read exactly (a member it does not know, say after a deploy
/// renamed one) is read as its code alone, so processing reads it from the store rather than save a partial copy.
/// </summary>
public sealed class ReceivedItems : IQueueMessage<ReceivedItems>
{
    public const int Version = 3;

    /// <summary>The most codes one message carries (about 2 KB of JSON as codes alone).</summary>
    public const int MaxCodes = 100;

    /// <summary>
    /// The most bytes of carried items one message holds. A storage queue message is at most 64 KiB of text, and the
    /// storage transport base64-encodes the body inside a base64-encoded envelope (×16/9): 32 KiB stays within it with
    /// room for the envelope. A Service Bus Standard message may be 256 KB. An item is a few hundred bytes; the longest
    /// text (2,000 characters, sealed beside the masked copy) makes one about 10 KB.
    /// </summary>
    public const int MaxCarriedBytes = 32 * 1024;

    private const int CodesOnlyVersion = 2;

    public ReceivedItems(IReadOnlyList<ReceivedItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count is 0 or > MaxCodes || items.Any(item => item?.Code is null))
            throw new ArgumentException($"a message carries 1 to {MaxCodes} items", nameof(items));
        if (items.Any(item => item.Stored is { } stored && (stored.Item.TrackingCode != item.Code || stored.Item.Status != FeedbackStatus.Received)))
            throw new ArgumentException("a carried item is the received item of its own code", nameof(items));
        Items = items;
    }

    public ReceivedItems(IReadOnlyList<TrackingCode> codes)
        : this(codes?.Select(code => new ReceivedItem(code)).ToList() ?? throw new ArgumentNullException(nameof(codes)))
    {
    }

    public ReceivedItems(TrackingCode code)
        : this([code])
    {
    }

    public IReadOnlyList<ReceivedItem> Items { get; }

    public IReadOnlyList<TrackingCode> Codes => [.. Items.Select(item => item.Code)];

    public static string Queue => Queues.FeedbackIntake;

    /// <summary>
    /// The items as one message carries them: each item carried while the carried bytes stay within
    /// <see cref="MaxCarriedBytes"/>, the code alone after that.
    /// </summary>
    public static ReceivedItems Fitting(IReadOnlyList<ReceivedItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var carried = 0;
        var fitting = new List<ReceivedItem>(items.Count);
        foreach (var item in items)
        {
            var size = item.Stored is null ? 0 : JsonSerializer.SerializeToUtf8Bytes(Entry.Of(item), Json.Entry).Length;
            var fits = item.Stored is not null && carried + size <= MaxCarriedBytes;
            carried += fits ? size : 0;
            fitting.Add(fits ? item : item with { Stored = null });
        }
        return new ReceivedItems(fitting);
    }

    /// <summary>
    /// The messages that hand <paramref name="items"/> over, in order: as few as fit <see cref="MaxCodes"/> and
    /// <see cref="MaxCarriedBytes"/>, each item carried (an item larger than that alone goes by its code, as in <see cref="Fitting"/>).
    /// </summary>
    public static IReadOnlyList<ReceivedItems> Split(IReadOnlyList<ReceivedItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var messages = new List<ReceivedItems>();
        var current = new List<ReceivedItem>();
        var carried = 0;
        foreach (var item in items)
        {
            var size = item.Stored is null ? 0 : JsonSerializer.SerializeToUtf8Bytes(Entry.Of(item), Json.Entry).Length;
            var one = size > MaxCarriedBytes ? item with { Stored = null } : item;
            size = one.Stored is null ? 0 : size;
            if (current.Count == MaxCodes || carried + size > MaxCarriedBytes)
            {
                messages.Add(new ReceivedItems(current));
                current = [];
                carried = 0;
            }
            current.Add(one);
            carried += size;
        }
        if (current.Count > 0)
            messages.Add(new ReceivedItems(current));
        return messages;
    }

    /// <summary>
    /// The idempotency key: for one item its code, as before versions (Service Bus drops a resend of it); for several,
    /// a hash of them all, so that only a resend of the same list is a duplicate.
    /// </summary>
    public string MessageId => Items.Count == 1
        ? Items[0].Code.Value
        : "items-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(',', Items.Select(item => item.Code.Value)))))[..32];

    public OutgoingMessage ToMessage() => new(MessageId, Serialize(), new Dictionary<string, string>());

    public byte[] Serialize() => Items.Any(item => item.Stored is not null)
        ? JsonSerializer.SerializeToUtf8Bytes(new Body(Version, null, null, [.. Items.Select(item => JsonSerializer.SerializeToElement(Entry.Of(item), Json.Entry))]), Json.Body)
        : JsonSerializer.SerializeToUtf8Bytes(new Body(CodesOnlyVersion, null, [.. Items.Select(item => item.Code.Value)], null), Json.Body);

    public static ReceivedItems? Deserialize(ReadOnlySpan<byte> body)
    {
        Body? read;
        try
        {
            read = JsonSerializer.Deserialize(body, Json.Body);
        }
        catch (JsonException)
        {
            return null;
        }
        var items = read switch
        {
            { Version: null, TrackingCode: { } one, TrackingCodes: null, Items: null } => [CodeOnly(one)],
            { Version: CodesOnlyVersion, TrackingCode: null, TrackingCodes: { } many, Items: null } => many.Select(CodeOnly).ToArray(),
            { Version: Version, TrackingCode: null, TrackingCodes: null, Items: { } entries } => entries.Select(Read).ToArray(),
            _ => null,
        };
        if (items is null or { Length: 0 or > MaxCodes } || items.Any(item => item is null))
            return null;
        return new ReceivedItems(items!);
    }

    private static ReceivedItem? CodeOnly(string? code) => Canonical(code) is { } valid ? new ReceivedItem(valid) : null;

    /// <summary>Canonical codes only: a code is a table key, so nothing a parser would have to tidy up is taken.</summary>
    private static TrackingCode? Canonical(string? code) => TrackingCode.FromCanonical(code);

    /// <summary>A version 3 entry: its code (or null, and the message is refused), with its item when it reads exactly as written.</summary>
    private static ReceivedItem? Read(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("trackingCode", out var codeProperty)
            || codeProperty.ValueKind != JsonValueKind.String || Canonical(codeProperty.GetString()) is not { } code)
            return null;
        try
        {
            if (entry.Deserialize(Json.Entry) is { Version: { } version, Item: { Status: FeedbackStatus.Received } item } && item.TrackingCode == code)
                return new ReceivedItem(code, new VersionedItem(item, version));
        }
        catch (JsonException)
        {
            // Not exactly an item this build knows: processing reads it from the store instead.
        }
        return new ReceivedItem(code);
    }

    /// <summary>The JSON of every version: <see cref="TrackingCode"/> is version 1's, <see cref="TrackingCodes"/> version 2's, <see cref="Items"/> (each an <see cref="Entry"/>) version 3's.</summary>
    internal sealed record Body(int? Version, string? TrackingCode, string?[]? TrackingCodes, JsonElement[]? Items);

    /// <summary>One item of version 3: its code, and the item as stored with its version when carried.</summary>
    internal sealed record Entry(string TrackingCode, string? Version, FeedbackItem? Item)
    {
        public static Entry Of(ReceivedItem item) => new(item.Code.Value, item.Stored?.Version, item.Stored?.Item);
    }

    /// <summary>
    /// Persian text as UTF-8 (two bytes a letter, not a six-byte escape: the body is never HTML), and an entry with a
    /// member this build does not know is refused rather than read in part.
    /// </summary>
    private static class Json
    {
        private static readonly ReceivedItemsJson Lenient = new(Relaxed(ReceivedItemsJson.Default.Options));
        private static readonly CarriedItemJson Strict = new(Relaxed(CarriedItemJson.Default.Options));

        public static JsonTypeInfo<Body> Body => Lenient.Body;

        public static JsonTypeInfo<Entry> Entry => Strict.Entry;

        private static JsonSerializerOptions Relaxed(JsonSerializerOptions options) => new(options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }

    /// <summary>A carried item's code as its canonical string; anything else is not a code this message takes.</summary>
    internal sealed class CanonicalCodeJson : JsonConverter<TrackingCode>
    {
        public override TrackingCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            (reader.TokenType == JsonTokenType.String ? TrackingCode.FromCanonical(reader.GetString()) : null)
            ?? throw new JsonException("a carried item's tracking code is not canonical");

        public override void Write(Utf8JsonWriter writer, TrackingCode value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(value);
            writer.WriteStringValue(value.Value);
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReceivedItems.Body))]
internal sealed partial class ReceivedItemsJson : JsonSerializerContext;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(ReceivedItems.CanonicalCodeJson)])]
[JsonSerializable(typeof(ReceivedItems.Entry))]
internal sealed partial class CarriedItemJson : JsonSerializerContext;
