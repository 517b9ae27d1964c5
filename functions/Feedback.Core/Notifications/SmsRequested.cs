using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Feedback.Core.Messaging;
using Feedback.Core.Privacy;

namespace Feedback.Core.Notifications;

/// <summary>Why an SMS goes out. Confirmations answer something the citizen just sent, so they ignore quiet hours and the daily cap.</summary>
public enum SmsKind
{
    Acknowledgement,
    StatusUpdate,
    Survey,
    OptOutConfirmation,
    OptInConfirmation,
}

/// <summary>
/// One SMS to one citizen, its text final, as the notifications queue carries it (<see cref="SmsRequests"/>: one
/// message, one or several of these). <see cref="Key"/> names the SMS for good ("1234567890-ack"): however often the
/// message is delivered, deferred or replayed, one key is sent at most once. The phone travels encrypted, never in plain text.
/// <para>
/// A message of one SMS is version 2, <c>{"version":2,"key":…,"kind":0,"encryptedPhone":…,"phoneHash":…,"text":…}</c>
/// (and <c>"noAttemptBefore":…</c> when stated, which a build from before it ignores), the kind as its number as before; version 1, written before versions existed, had the same fields in PascalCase
/// (and an <c>IsConfirmation</c> that is derived, so ignored), and still reads. A build from before versions reads version 2 too.
/// </para>
/// </summary>
public sealed record SmsRequested(string Key, SmsKind Kind, string EncryptedPhone, PhoneHash PhoneHash, string Text)
{
    public const int Version = 2;

    public static string Queue => Queues.Notifications;

    public bool IsConfirmation => Kind is SmsKind.OptOutConfirmation or SmsKind.OptInConfirmation;

    /// <summary>
    /// When stated, no attempt to send under <see cref="Key"/> can have been made before it, by this message or any other
    /// (a copy, a deferral, a request made again): for an acknowledgement, when its item was received. While it is
    /// recent the provider recognises every earlier attempt (<see cref="SmsRules.ResendProtectedFor"/>), so the SMS is sent
    /// without first being stored as <see cref="SmsState.Sending"/>. Unstated (every other kind, bodies written before it),
    /// the SMS takes that write.
    /// </summary>
    public DateTimeOffset? NoAttemptBefore { get; init; }

    /// <summary>The queue message of this SMS alone, by default under its key; its kind also travels as the "kind" property (Service Bus Explorer shows it).</summary>
    public OutgoingMessage ToMessage(string? messageId = null) => new SmsRequests([this]).ToMessage(messageId);

    /// <summary>The body of a message of this SMS alone (version 2).</summary>
    public byte[] Serialize() =>
        JsonSerializer.SerializeToUtf8Bytes(new SmsRequests.Body(Version, Key, Kind, EncryptedPhone, PhoneHash.Value, Text, NoAttemptBefore, null), SmsRequestsJson.Default.Body);

    /// <summary>A message of one SMS (version 1 or 2); null for anything else, a message of several included (<see cref="SmsRequests.Deserialize"/> reads every version).</summary>
    public static SmsRequested? Deserialize(ReadOnlySpan<byte> body) =>
        SmsRequests.Read(body) is { Version: null or Version, Sms: null } read ? Of(read) : null;

    internal static SmsRequested? Of(SmsRequests.Body read) =>
        read is { Key: { } key, Kind: { } kind, EncryptedPhone: { } phone, PhoneHash: { } hash, Text: { } text } && Enum.IsDefined(kind) && !string.IsNullOrWhiteSpace(hash)
            ? new SmsRequested(key, kind, phone, new PhoneHash(hash), text) { NoAttemptBefore = read.NoAttemptBefore }
            : null;
}

/// <summary>
/// The message on the notifications queue: one to <see cref="MaxSms"/> SMS (<see cref="SmsRequested"/>), each settled
/// on its own key, so a message delivered again sends none of them twice. Processing asks for the acknowledgements of
/// one delivery's items in one message (<see cref="Split"/>): one queue send, receive and delete for them all instead of one each.
/// <para>
/// Several SMS are version 3, <c>{"version":3,"sms":[{"key":…,"kind":0,"encryptedPhone":…,"phoneHash":…,"text":…},…]}</c>,
/// Persian as UTF-8; a build from before it dead-letters them, so it is written only for several. One SMS is written as
/// version 2 (<see cref="SmsRequested"/>), which every build reads; versions 1 and 2 read as a message of one SMS.
/// </para>
/// </summary>
public sealed class SmsRequests : IQueueMessage<SmsRequests>
{
    public const int Version = 3;

    /// <summary>The most SMS one message carries: as many as the items of one intake message (<see cref="ReceivedItems.MaxCodes"/>).</summary>
    public const int MaxSms = ReceivedItems.MaxCodes;

    /// <summary>
    /// The most bytes of SMS one message of several holds: a storage queue message is at most 64 KiB of text, and the
    /// storage transport base64-encodes the body inside a base64-encoded envelope (×16/9), so 32 KiB stays within it with
    /// room for the envelope, as for <see cref="ReceivedItems.MaxCarriedBytes"/>; a Service Bus Standard message may be
    /// 256 KB. An acknowledgement takes about 500 bytes.
    /// </summary>
    public const int MaxBytes = 32 * 1024;

    private static readonly JsonSerializerOptions Relaxed = new(SmsRequestsJson.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly SmsRequestsJson RelaxedJson = new(Relaxed);

    public SmsRequests(IReadOnlyList<SmsRequested> sms)
    {
        ArgumentNullException.ThrowIfNull(sms);
        if (sms.Count is 0 or > MaxSms || sms.Any(one => one is null))
            throw new ArgumentException($"a message carries 1 to {MaxSms} SMS", nameof(sms));
        if (sms.DistinctBy(one => one.Key).Count() != sms.Count)
            throw new ArgumentException("a message carries an SMS once", nameof(sms));
        Sms = sms;
    }

    public IReadOnlyList<SmsRequested> Sms { get; }

    public static string Queue => Queues.Notifications;

    /// <summary>
    /// The messages that carry <paramref name="sms"/>, in order: as few as fit <see cref="MaxSms"/> and <see cref="MaxBytes"/>
    /// (an SMS larger than that alone goes in a message of its own); an SMS asked for twice (the same key) is carried once.
    /// </summary>
    public static IReadOnlyList<SmsRequests> Split(IEnumerable<SmsRequested> sms)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var messages = new List<SmsRequests>();
        var current = new List<SmsRequested>();
        var bytes = 0;
        foreach (var one in sms.DistinctBy(one => one.Key))
        {
            var size = JsonSerializer.SerializeToUtf8Bytes(Entry(one), RelaxedJson.Body).Length + 1;
            if (current.Count > 0 && (current.Count == MaxSms || bytes + size > MaxBytes))
            {
                messages.Add(new SmsRequests(current));
                current = [];
                bytes = 0;
            }
            current.Add(one);
            bytes += size;
        }
        if (current.Count > 0)
            messages.Add(new SmsRequests(current));
        return messages;
    }

    /// <summary>
    /// The idempotency key: for one SMS its key, as before (Service Bus drops a resend of it); for several, a hash of
    /// their keys, so that only a resend of the same list is a duplicate.
    /// </summary>
    public string MessageId => Sms.Count == 1
        ? Sms[0].Key
        : "sms-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', Sms.Select(one => one.Key)))))[..32];

    /// <summary>The queue message, by default under <see cref="MessageId"/>; the kind its SMS share travels as the "kind" property (Service Bus Explorer shows it).</summary>
    public OutgoingMessage ToMessage(string? messageId = null)
    {
        var kinds = Sms.Select(one => one.Kind).Distinct().ToList();
        var properties = kinds.Count == 1 ? new Dictionary<string, string> { ["kind"] = kinds[0].ToString() } : [];
        return new OutgoingMessage(messageId ?? MessageId, Serialize(), properties);
    }

    public byte[] Serialize() => Sms.Count == 1
        ? Sms[0].Serialize()
        : JsonSerializer.SerializeToUtf8Bytes(new Body(Version, null, null, null, null, null, null, [.. Sms.Select(Entry)]), RelaxedJson.Body);

    public static SmsRequests? Deserialize(ReadOnlySpan<byte> body)
    {
        var read = Read(body);
        var sms = read switch
        {
            { Version: null or SmsRequested.Version, Sms: null } => new[] { SmsRequested.Of(read) },
            { Version: Version, Key: null, Kind: null, EncryptedPhone: null, PhoneHash: null, Text: null, NoAttemptBefore: null, Sms: { } entries } => entries.Select(entry => entry is { Version: null, Sms: null } ? SmsRequested.Of(entry) : null).ToArray(),
            _ => null,
        };
        return sms is null or { Length: 0 or > MaxSms } || sms.Any(one => one is null) || sms.DistinctBy(one => one!.Key).Count() != sms.Length
            ? null
            : new SmsRequests(sms!);
    }

    internal static Body? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, SmsRequestsJson.Default.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Body Entry(SmsRequested sms) => new(null, sms.Key, sms.Kind, sms.EncryptedPhone, sms.PhoneHash.Value, sms.Text, sms.NoAttemptBefore, null);

    /// <summary>The JSON of every version: one SMS's fields (versions 1 and 2, and each entry of version 3), or <see cref="Sms"/> (version 3).</summary>
    internal sealed record Body(int? Version, string? Key, SmsKind? Kind, string? EncryptedPhone, string? PhoneHash, string? Text, DateTimeOffset? NoAttemptBefore, Body[]? Sms);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SmsRequests.Body))]
internal sealed partial class SmsRequestsJson : JsonSerializerContext;
