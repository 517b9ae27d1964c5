using Feedback.Core.Intake;

namespace Feedback.Core.Tests.Intake;

public class SmsDeduplicationTests
{
    private const string Sender = "09121234567";
    private const string Line = "10004346";
    private const string Text = "۲ ساعت در صف بودم";
    private static readonly DateTimeOffset ReceivedAt = new(2025, 3, 21, 8, 30, 15, TimeSpan.Zero);

    [Fact]
    public void The_providers_message_id_is_the_key_when_present()
    {
        Assert.Equal("mid-1234567890", SmsDeduplication.Key("1234567890", Sender, Line, Text, ReceivedAt));
        Assert.Equal(
            SmsDeduplication.Key("1234567890", Sender, Line, Text, ReceivedAt),
            SmsDeduplication.Key(" 1234567890 ", "09350000000", "3000", "other", ReceivedAt.AddHours(3)));
    }

    [Theory]
    [InlineData("12/34")]
    [InlineData("id#1")]
    [InlineData("پیام۱")]
    public void A_message_id_unfit_for_a_row_key_is_hashed(string messageId)
    {
        var key = SmsDeduplication.Key(messageId, Sender, Line, Text, ReceivedAt);

        Assert.Matches("^mid-sha256-[0-9a-f]{64}$", key);
        Assert.Equal(key, SmsDeduplication.Key(messageId, Sender, Line, Text, ReceivedAt));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_a_message_id_the_key_is_a_sha256_of_the_content(string? messageId) =>
        Assert.Matches("^sha256-[0-9a-f]{64}$", SmsDeduplication.Key(messageId, Sender, Line, Text, ReceivedAt));

    [Theory]
    [InlineData("+989121234567", 0)]
    [InlineData("۰۹۱۲ ۱۲۳ ۴۵۶۷", 44)]
    [InlineData("00989121234567", -15)]
    public void The_same_message_in_the_same_minute_from_the_same_sender_in_any_form_gets_the_same_key(string sender, int secondsLater) =>
        Assert.Equal(
            SmsDeduplication.Key(null, Sender, Line, Text, ReceivedAt),
            SmsDeduplication.Key(null, sender, Line, Text, ReceivedAt.AddSeconds(secondsLater)));

    [Fact]
    public void The_minute_is_taken_in_UTC_whatever_the_offset_of_the_time_given() =>
        Assert.Equal(
            SmsDeduplication.Key(null, Sender, Line, Text, ReceivedAt),
            SmsDeduplication.Key(null, Sender, Line, Text, ReceivedAt.ToOffset(TimeSpan.FromHours(3.5))));

    [Theory]
    [InlineData("09121234568", Line, Text, 0)]
    [InlineData(Sender, "10004347", Text, 0)]
    [InlineData(Sender, Line, "۳ ساعت در صف بودم", 0)]
    [InlineData(Sender, Line, Text + " ", 0)]
    [InlineData(Sender, Line, Text, 60)]
    [InlineData(Sender, Line, Text, -16)]
    public void A_different_sender_line_text_or_minute_gets_a_different_key(string sender, string line, string text, int secondsLater) =>
        Assert.NotEqual(
            SmsDeduplication.Key(null, Sender, Line, Text, ReceivedAt),
            SmsDeduplication.Key(null, sender, line, text, ReceivedAt.AddSeconds(secondsLater)));

    [Fact]
    public void Moving_characters_between_fields_changes_the_key() =>
        Assert.NotEqual(
            SmsDeduplication.Key(null, "sender", "12", "3", ReceivedAt),
            SmsDeduplication.Key(null, "sender", "1", "23", ReceivedAt));
}
