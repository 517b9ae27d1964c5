using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Core.Privacy;

/// <summary>
/// A phone number's keyed look-up hash (<see cref="PhoneProtector.LookupHash"/>): finds a citizen's SMS, surveys and
/// preferences without the number. It is stored as the partition key of the phone's rows and travels on the
/// notifications queue as its text (<see cref="Value"/>; in JSON a plain string, as before it had a type), so it is
/// never mistaken for another string a port takes.
/// </summary>
[JsonConverter(typeof(PhoneHashJsonConverter))]
public sealed record PhoneHash
{
    public PhoneHash(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    /// <summary>The HMAC-SHA256 as base64url (43 characters for a hash PhoneProtector made).</summary>
    public string Value { get; }

    public override string ToString() => Value;
}

/// <summary>A <see cref="PhoneHash"/> in JSON is its text, so messages and rows written before the type existed read unchanged.</summary>
public sealed class PhoneHashJsonConverter : JsonConverter<PhoneHash>
{
    public override PhoneHash Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() is { } value && !string.IsNullOrWhiteSpace(value)
            ? new PhoneHash(value)
            : throw new JsonException("a phone hash is a non-empty string");

    public override void Write(Utf8JsonWriter writer, PhoneHash value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Value);
    }
}
