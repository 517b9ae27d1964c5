using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Feedback.Core.Input;

namespace Feedback.Core.Privacy;

/// <summary>
/// Keeps citizens' phone numbers unreadable at rest: AES-256-GCM encryption for the stored number and an
/// HMAC-SHA256 keyed hash to find a citizen's items by number without decrypting anything. Nothing this
/// class throws contains a phone number.
/// </summary>
/// <remarks>
/// The protected form is "v1.{nonce}.{ciphertext+tag}" (base64url): a fresh random 12-byte nonce per
/// encryption, a 16-byte tag, and the version prefix as associated data, so a value cannot be reread
/// under another version's rules. Two separate keys, so that the look-up hash, which has to be stable and
/// is stored beside the ciphertext, reveals nothing about the encryption key.
/// </remarks>
public sealed class PhoneProtector
{
    public const int KeySizeBytes = 32;

    private const string Version = "v1";
    private const string TextVersion = "t1";
    private const int NonceSizeBytes = 12;
    private const int TagSizeBytes = 16;

    private readonly byte[] encryptionKey;
    private readonly byte[] lookupKey;

    /// <param name="encryptionKeyBase64">32 random bytes as base64: the AES-GCM key.</param>
    /// <param name="lookupKeyBase64">32 random bytes as base64, different from the encryption key: the HMAC key.</param>
    public PhoneProtector(string? encryptionKeyBase64, string? lookupKeyBase64)
    {
        encryptionKey = DecodeKey(encryptionKeyBase64, "phone encryption key", nameof(encryptionKeyBase64));
        lookupKey = DecodeKey(lookupKeyBase64, "phone look-up key", nameof(lookupKeyBase64));
        if (CryptographicOperations.FixedTimeEquals(encryptionKey, lookupKey))
            throw new ArgumentException("The phone look-up key must differ from the phone encryption key.", nameof(lookupKeyBase64));
    }

    public string Encrypt(IranianMobile phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return Seal(Version, Encoding.ASCII.GetBytes(phone.E164));
    }

    /// <exception cref="ProtectedPhoneException">
    /// The value is not in the protected form, was made with another key, or has been altered.
    /// </exception>
    public IranianMobile Decrypt(string protectedPhone)
    {
        var decrypted = Encoding.ASCII.GetString(Open(Version, protectedPhone));
        var phone = IranianMobile.Parse(decrypted);
        return phone.IsValid && phone.Mobile.E164 == decrypted
            ? phone.Mobile
            : throw new ProtectedPhoneException("A protected value decrypted to something that is not a canonical mobile number.");
    }

    /// <summary>
    /// A citizen's original text, when personal data had to be masked in the text that is shown: sealed as the phone
    /// is, under the same key, with its own version prefix ("{TextVersion}.…") so a sealed text is never read as a phone.
    /// </summary>
    public string EncryptText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Seal(TextVersion, Encoding.UTF8.GetBytes(text));
    }

    /// <exception cref="ProtectedPhoneException">The value is not a sealed text of this key, or has been altered.</exception>
    public string DecryptText(string protectedText) => Encoding.UTF8.GetString(Open(TextVersion, protectedText));

    private string Seal(string version, byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSizeBytes);
        var sealedBytes = new byte[plaintext.Length + TagSizeBytes];
        using (var aes = new AesGcm(encryptionKey, TagSizeBytes))
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), Encoding.ASCII.GetBytes(version));
        return $"{version}.{Base64Url.EncodeToString(nonce)}.{Base64Url.EncodeToString(sealedBytes)}";
    }

    private byte[] Open(string version, string sealedValue)
    {
        ArgumentNullException.ThrowIfNull(sealedValue);
        var parts = sealedValue.Split('.');
        if (parts.Length != 3 || parts[0] != version)
            throw new ProtectedPhoneException($"A protected value must have the form \"{version}.<nonce>.<ciphertext>\".");

        byte[] nonce;
        byte[] sealedBytes;
        try
        {
            nonce = Base64Url.DecodeFromChars(parts[1]);
            sealedBytes = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException exception)
        {
            throw new ProtectedPhoneException("A protected value's nonce or ciphertext is not valid base64url.", exception);
        }
        if (nonce.Length != NonceSizeBytes || sealedBytes.Length <= TagSizeBytes)
            throw new ProtectedPhoneException("A protected value's nonce or ciphertext has the wrong length.");

        var plaintext = new byte[sealedBytes.Length - TagSizeBytes];
        try
        {
            using var aes = new AesGcm(encryptionKey, TagSizeBytes);
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), plaintext, Encoding.ASCII.GetBytes(version));
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw new ProtectedPhoneException(
                "A protected value failed authentication: it was encrypted with another key or has been altered.", exception);
        }
        return plaintext;
    }

    /// <summary>HMAC-SHA256 of the E.164 number under the look-up key, base64url: the same for the same number and key.</summary>
    public PhoneHash LookupHash(IranianMobile phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return new PhoneHash(Base64Url.EncodeToString(HMACSHA256.HashData(lookupKey, Encoding.ASCII.GetBytes(phone.E164))));
    }

    /// <summary>HMAC-SHA256 of a text under the look-up key, base64url: tells two texts apart without keeping either.</summary>
    public string TextHash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Base64Url.EncodeToString(HMACSHA256.HashData(lookupKey, Encoding.UTF8.GetBytes("text:" + text)));
    }

    private static byte[] DecodeKey(string? base64, string keyName, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(base64))
            throw new ArgumentException($"The {keyName} is missing: give {KeySizeBytes} random bytes as base64.", parameterName);

        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException exception)
        {
            throw new ArgumentException($"The {keyName} is not valid base64.", parameterName, exception);
        }
        return key.Length == KeySizeBytes
            ? key
            : throw new ArgumentException($"The {keyName} is {key.Length} bytes long; it must be {KeySizeBytes} bytes.", parameterName);
    }
}

/// <summary>A protected phone number could not be turned back into a number. The message never holds a number.</summary>
public sealed class ProtectedPhoneException : Exception
{
    public ProtectedPhoneException(string message)
        : base(message)
    {
    }

    public ProtectedPhoneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

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
