using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Feedback.Core.Input;
using Feedback.Core.Privacy;

namespace Feedback.Core.Tests.Privacy;

public class PhoneProtectorTests
{
    private static readonly string EncryptionKey = NewKey();
    private static readonly string LookupKey = NewKey();
    private static readonly IranianMobile Phone = IranianMobile.Parse("09121234567").Mobile!;

    private readonly PhoneProtector protector = new(EncryptionKey, LookupKey);

    [Theory]
    [InlineData("09121234567")]
    [InlineData("+989351234567")]
    [InlineData("۰۹۹۰۱۲۳۴۵۶۷")]
    public void A_number_decrypts_to_itself(string number)
    {
        var phone = IranianMobile.Parse(number).Mobile!;

        Assert.Equal(phone, protector.Decrypt(protector.Encrypt(phone)));
    }

    [Fact]
    public void A_protected_number_has_the_versioned_form_and_does_not_show_the_number()
    {
        var protectedPhone = protector.Encrypt(Phone);

        Assert.Matches(@"^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$", protectedPhone);
        Assert.Equal(12, Base64Url.DecodeFromChars(protectedPhone.Split('.')[1]).Length);
        Assert.Equal(Phone.E164.Length + 16, Base64Url.DecodeFromChars(protectedPhone.Split('.')[2]).Length);
        Assert.DoesNotContain("1234567", protectedPhone, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_encryption_uses_a_new_nonce()
    {
        var encryptions = Enumerable.Range(0, 50).Select(_ => protector.Encrypt(Phone)).ToArray();

        Assert.Equal(encryptions.Length, encryptions.Select(value => value.Split('.')[1]).Distinct(StringComparer.Ordinal).Count());
        Assert.All(encryptions, value => Assert.Equal(Phone, protector.Decrypt(value)));
    }

    [Fact]
    public void Every_altered_byte_of_the_ciphertext_and_tag_is_detected()
    {
        var parts = protector.Encrypt(Phone).Split('.');
        var sealedBytes = Base64Url.DecodeFromChars(parts[2]);

        for (var i = 0; i < sealedBytes.Length; i++)
        {
            var altered = (byte[])sealedBytes.Clone();
            altered[i] ^= 0x01;

            var exception = Assert.Throws<ProtectedPhoneException>(
                () => protector.Decrypt($"v1.{parts[1]}.{Base64Url.EncodeToString(altered)}"));
            Assert.DoesNotContain("912", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_truncated_ciphertext_is_detected()
    {
        var protectedPhone = protector.Encrypt(Phone);

        Assert.Throws<ProtectedPhoneException>(() => protector.Decrypt(protectedPhone[..^2]));
    }

    [Fact]
    public void An_altered_nonce_is_detected()
    {
        var parts = protector.Encrypt(Phone).Split('.');
        var nonce = Base64Url.DecodeFromChars(parts[1]);
        nonce[0] ^= 1;

        Assert.Throws<ProtectedPhoneException>(() => protector.Decrypt($"v1.{Base64Url.EncodeToString(nonce)}.{parts[2]}"));
    }

    [Theory]
    [InlineData("09121234567")]
    [InlineData("+982188776655")]
    [InlineData("not a phone")]
    public void An_authentic_value_that_is_not_a_canonical_number_is_refused(string plaintext)
    {
        var forged = EncryptWithTheSameKey(plaintext);

        var exception = Assert.Throws<ProtectedPhoneException>(() => protector.Decrypt(forged));
        Assert.DoesNotContain(plaintext, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_encryption_key_cannot_decrypt()
    {
        var other = new PhoneProtector(NewKey(), LookupKey);

        var exception = Assert.Throws<ProtectedPhoneException>(() => other.Decrypt(protector.Encrypt(Phone)));
        Assert.Contains("another key", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("09121234567")]
    [InlineData("v2.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.AAAAAAAAAAAAAAAA")]
    [InlineData("v1.AAAAAAAAAAAAAAAA.AAAA.AAAA")]
    [InlineData("v1.AAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.AAAAAAAAAAAAAAAA.AAAA")]
    [InlineData("v1.!!!!.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void A_value_not_in_the_protected_form_is_refused_with_a_clear_exception(string value)
    {
        var exception = Assert.Throws<ProtectedPhoneException>(() => protector.Decrypt(value));

        Assert.DoesNotContain("0912", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lookup_hash_is_stable_for_the_same_number_and_key()
    {
        var again = new PhoneProtector(NewKey(), LookupKey);

        Assert.Equal(protector.LookupHash(Phone), again.LookupHash(IranianMobile.Parse("+98 912 123 4567").Mobile!));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", protector.LookupHash(Phone).Value);
    }

    [Fact]
    public void The_lookup_hash_is_the_HMAC_SHA256_of_the_canonical_number()
    {
        var expected = Base64Url.EncodeToString(HMACSHA256.HashData(Convert.FromBase64String(LookupKey), "+989121234567"u8));

        Assert.Equal(expected, protector.LookupHash(Phone).Value);
    }

    [Fact]
    public void The_lookup_hash_differs_by_number_and_by_key()
    {
        var otherNumber = IranianMobile.Parse("09121234568").Mobile!;
        var otherKey = new PhoneProtector(EncryptionKey, NewKey());

        Assert.NotEqual(protector.LookupHash(Phone), protector.LookupHash(otherNumber));
        Assert.NotEqual(protector.LookupHash(Phone), otherKey.LookupHash(Phone));
    }

    public static TheoryData<string?, string?, string, string> BadKeys() => new()
    {
        { null, NewKey(), "encryptionKeyBase64", "phone encryption key is missing" },
        { "  ", NewKey(), "encryptionKeyBase64", "phone encryption key is missing" },
        { NewKey(), null, "lookupKeyBase64", "phone look-up key is missing" },
        { "not base64!", NewKey(), "encryptionKeyBase64", "phone encryption key is not valid base64" },
        { NewKey(), "not base64!", "lookupKeyBase64", "phone look-up key is not valid base64" },
        { Convert.ToBase64String(new byte[16]), NewKey(), "encryptionKeyBase64", "phone encryption key is 16 bytes long" },
        { NewKey(), Convert.ToBase64String(new byte[64]), "lookupKeyBase64", "phone look-up key is 64 bytes long" },
        { EncryptionKey, EncryptionKey, "lookupKeyBase64", "must differ" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void A_missing_or_wrong_key_is_refused_naming_the_key(string? encryptionKey, string? lookupKey, string parameter, string message)
    {
        var exception = Assert.Throws<ArgumentException>(() => new PhoneProtector(encryptionKey, lookupKey));

        Assert.Equal(parameter, exception.ParamName);
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    private static string EncryptWithTheSameKey(string plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plainBytes = Encoding.ASCII.GetBytes(plaintext);
        var sealedBytes = new byte[plainBytes.Length + 16];
        using var aes = new AesGcm(Convert.FromBase64String(EncryptionKey), 16);
        aes.Encrypt(nonce, plainBytes, sealedBytes.AsSpan(0, plainBytes.Length), sealedBytes.AsSpan(plainBytes.Length), "v1"u8);
        return $"v1.{Base64Url.EncodeToString(nonce)}.{Base64Url.EncodeToString(sealedBytes)}";
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(PhoneProtector.KeySizeBytes));
}
