using Feedback.Core.Intake;

namespace Feedback.Core.Tests.Intake;

public class FeedbackTextTests
{
    [Theory]
    [InlineData("آب محله ما از دیروز قطع است", "آب محله ما از دیروز قطع است")]
    [InlineData("  ممنون از کارمند باجه ۳  ", "ممنون از کارمند باجه ۳")]
    [InlineData("خط اول\nخط دوم", "خط اول\nخط دوم")]
    [InlineData("خط اول\r\nخط دوم\rخط سوم", "خط اول\nخط دوم\nخط سوم")]
    [InlineData("ستون\tدوم", "ستون\tدوم")]
    [InlineData("\n\tسلام\n", "سلام")]
    [InlineData("نمی‌دانم چرا", "نمی‌دانم چرا")]
    [InlineData("خیلی ممنون 🙏🌹", "خیلی ممنون 🙏🌹")]
    public void A_valid_text_comes_back_trimmed_with_newlines_as_line_feeds(string input, string expected)
    {
        var result = FeedbackText.Validate(input);

        Assert.True(result.IsValid);
        Assert.Equal(expected, result.Text);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t\r\n")]
    [InlineData("\u200C")]
    [InlineData(" \u200F \u200E ")]
    public void A_missing_or_blank_text_is_required(string? input)
    {
        var result = FeedbackText.Validate(input);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("text", error.Field);
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_the_maximum_length_is_accepted() =>
        Assert.True(FeedbackText.Validate(new string('آ', FeedbackText.MaxLength)).IsValid);

    [Fact]
    public void Whitespace_around_a_text_of_maximum_length_does_not_count() =>
        Assert.True(FeedbackText.Validate("  " + new string('آ', FeedbackText.MaxLength) + "\n").IsValid);

    [Fact]
    public void One_character_over_the_maximum_is_rejected_with_the_length()
    {
        var result = FeedbackText.Validate(new string('آ', FeedbackText.MaxLength + 1));

        var error = Assert.Single(result.Errors);
        Assert.Equal("text", error.Field);
        Assert.Contains("2001", error.Message, StringComparison.Ordinal);
        Assert.Contains("2000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("سلام\u0007دنیا", "U+0007", 4)]
    [InlineData("\u0000", "U+0000", 0)]
    [InlineData("  قبض\u001Bآب", "U+001B", 5)]
    [InlineData("ab\u000Bc", "U+000B", 2)]
    [InlineData("ab\u000Cc", "U+000C", 2)]
    [InlineData("متن\u0085ادامه", "U+0085", 3)]
    [InlineData("متن\u007F", "U+007F", 3)]
    public void A_control_character_is_rejected_with_its_position_in_the_text_as_received(string input, string codePoint, int index)
    {
        var result = FeedbackText.Validate(input);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Contains(codePoint, error.Message, StringComparison.Ordinal);
        Assert.Contains($"index {index}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", 0xD83D, "", 3)]
    [InlineData("", 0xDE4F, "abc", 0)]
    [InlineData("a", 0xD83D, "\uD83D\uDE4F", 1)]
    public void An_unpaired_surrogate_is_rejected_with_its_position(string before, int surrogate, string after, int index)
    {
        var error = Assert.Single(FeedbackText.Validate(before + (char)surrogate + after).Errors);

        Assert.Contains($"index {index}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_broken_rule_is_reported_under_the_field_name_given()
    {
        var result = FeedbackText.Validate("\u0001" + new string('ب', FeedbackText.MaxLength + 5), "items[3].text");

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error => Assert.Equal("items[3].text", error.Field));
    }
}
