using System.Text.Json;
using Feedback.Core.Privacy;

namespace Feedback.Core.Tests.Privacy;

public sealed class PhoneHashTests
{
    [Fact]
    public void A_phone_hash_is_written_in_JSON_as_its_text_and_reads_back()
    {
        var hash = new PhoneHash("aGFzaA");

        var json = JsonSerializer.Serialize(new { Phone = hash });

        Assert.Equal("""{"Phone":"aGFzaA"}""", json);
        Assert.Equal(hash, JsonSerializer.Deserialize<PhoneHash>("\"aGFzaA\""));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData("12")]
    public void A_phone_hash_that_is_not_text_is_refused_in_JSON(string json)
    {
        Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<PhoneHash>(json) ?? throw new JsonException("null"));
    }

    [Fact]
    public void Two_hashes_of_the_same_text_are_equal_and_an_empty_one_cannot_be_made()
    {
        Assert.Equal(new PhoneHash("abc"), new PhoneHash("abc"));
        Assert.NotEqual(new PhoneHash("abc"), new PhoneHash("abd"));
        Assert.Throws<ArgumentException>(() => new PhoneHash(" "));
    }
}
