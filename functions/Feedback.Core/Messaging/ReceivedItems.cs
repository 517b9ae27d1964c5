using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Feedback.Core.Items;

namespace Feedback.Core.Messaging;

/// <summary>
/// The message on <see cref="Queues.FeedbackIntake"/>: the tracking codes of items intake stored, for processing to
/// classify and route (the items themselves are in the store). Version 2, <c>{"version":2,"trackingCodes":[…]}</c>,
/// carries one or more codes; version 1, written before versions existed, is <c>{"TrackingCode":"…"}</c> (any casing)
/// with one code, and still reads.
/// </summary>
public sealed class ReceivedItems : IQueueMessage<ReceivedItems>
{
    public const int Version = 2;

    /// <summary>The most codes one message carries (about 2 KB of JSON).</summary>
    public const int MaxCodes = 100;

    public ReceivedItems(IReadOnlyList<TrackingCode> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Count is 0 or > MaxCodes || codes.Any(code => code is null))
            throw new ArgumentException($"a message carries 1 to {MaxCodes} tracking codes", nameof(codes));
        Codes = codes;
    }

    public ReceivedItems(TrackingCode code)
        : this([code])
    {
    }

    public IReadOnlyList<TrackingCode> Codes { get; }

    public static string Queue => Queues.FeedbackIntake;

    /// <summary>
    /// The idempotency key: for one item its code, as before versions (Service Bus drops a resend of it); for several,
    /// a hash of them all, so that only a resend of the same list is a duplicate.
    /// </summary>
    public string MessageId => Codes.Count == 1
        ? Codes[0].Value
        : "items-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(',', Codes.Select(code => code.Value)))))[..32];

    public OutgoingMessage ToMessage() => new(MessageId, Serialize(), new Dictionary<string, string>());

    public byte[] Serialize() =>
        JsonSerializer.SerializeToUtf8Bytes(new Body(Version, null, [.. Codes.Select(code => code.Value)]), ReceivedItemsJson.Default.Body);

    public static ReceivedItems? Deserialize(ReadOnlySpan<byte> body)
    {
        Body? read;
        try
        {
            read = JsonSerializer.Deserialize(body, ReceivedItemsJson.Default.Body);
        }
        catch (JsonException)
        {
            return null;
        }
        string?[]? typed = read switch
        {
            { Version: null, TrackingCode: { } one, TrackingCodes: null } => [one],
            { Version: Version, TrackingCode: null, TrackingCodes: { } many } => many,
            _ => null,
        };
        if (typed is null or { Length: 0 or > MaxCodes })
            return null;
        var codes = new List<TrackingCode>(typed.Length);
        foreach (var code in typed)
        {
            // Canonical codes only: a code is a table key, so nothing a parser would have to tidy up is taken.
            if (TrackingCode.FromCanonical(code) is not { } valid)
                return null;
            codes.Add(valid);
        }
        return new ReceivedItems(codes);
    }

    /// <summary>The JSON of every version: <see cref="TrackingCode"/> is version 1's, <see cref="TrackingCodes"/> version 2's.</summary>
    internal sealed record Body(int? Version, string? TrackingCode, string?[]? TrackingCodes);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReceivedItems.Body))]
internal sealed partial class ReceivedItemsJson : JsonSerializerContext;
