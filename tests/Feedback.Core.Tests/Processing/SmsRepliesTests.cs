using Feedback.Core.Agencies;
using Feedback.Core.Intake;
using Feedback.Core.Processing;

namespace Feedback.Core.Tests.Processing;

/// <summary>
/// An SMS item accepted before intake kept the message as written (<c>EncryptedMessage</c>): processing reads its answer
/// to a case back from its rating and its text.
/// </summary>
public class SmsRepliesTests
{
    [Theory]
    [InlineData("۲")]
    [InlineData("5")]
    [InlineData("حل نشد")]
    [InlineData("۳ هنوز گاهی قطع می‌شود")]
    [InlineData("4. خوب بود")]
    [InlineData("۲ ساعت در صف بودم")]
    [InlineData("12 خیابان بهار")]
    public void The_message_read_back_answers_a_resolution_survey_as_the_message_itself_did(string message)
    {
        var whole = WholeAsKept(message);

        Assert.Equal(ResolutionReply.Parse(message), ResolutionReply.Parse(whole));
    }

    [Theory]
    [InlineData("خیابان بهار، کوچه ۱۲", "خیابان بهار، کوچه ۱۲")]
    [InlineData("۵", "۵")]
    [InlineData("۴ خیابان بهار", "4 خیابان بهار")]
    [InlineData("۲ ساعت در صف بودم", "۲ ساعت در صف بودم")]
    public void The_whole_message_keeps_a_leading_digit_that_intake_took_for_a_rating(string message, string expected)
    {
        Assert.Equal(expected, WholeAsKept(message));
    }

    /// <summary>The message as processing reads it back from the rating and text intake kept (SmsInbound.Validate's reading).</summary>
    private static string WholeAsKept(string message)
    {
        var reply = SurveyReply.Parse(message);
        var text = FeedbackText.Validate(reply.Text.Length > 0 ? reply.Text : message, "message").Text!;
        return SmsReplies.WholeMessage(reply.Rating, text);
    }
}
