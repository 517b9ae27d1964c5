using Feedback.Core.Agencies;

namespace Feedback.Core.Tests.Agencies;

/// <summary>The citizen's answer to «مشکل شما حل شد؟ ۱ تا ۵»: the product's rule, one row per way people answer.</summary>
public class ResolutionReplyTests
{
    [Theory]
    [InlineData("۵", 5, false, false)]
    [InlineData("5", 5, false, false)]
    [InlineData("٤", 4, false, false)]
    [InlineData("۳", 3, false, false)]
    [InlineData("۲", 2, false, true)]
    [InlineData("1", 1, false, true)]
    [InlineData("۲ هنوز فشار آب کم است", 2, false, true)]
    [InlineData("۵ ممنون، درست شد", 5, false, false)]
    [InlineData("حل نشد", 1, true, true)]
    [InlineData("حل‌نشد", 1, true, true)]
    [InlineData("  حل نشد!  ", 1, true, true)]
    [InlineData("حل نشده", 1, true, true)]
    [InlineData("مشکلم حل نشد", 1, true, true)]
    [InlineData("درست نشد", 1, true, true)]
    [InlineData("برطرف نشده", 1, true, true)]
    [InlineData("خير", 1, true, true)]
    [InlineData("نه", 1, true, true)]
    [InlineData("hal nashod", 1, true, true)]
    public void An_answer_gives_a_rating_and_a_low_one_reopens_the_case(string message, int rating, bool notFixed, bool reopens)
    {
        var reply = ResolutionReply.Parse(message);

        Assert.True(reply.IsAnswer);
        Assert.Equal(rating, reply.Rating);
        Assert.Equal(notFixed, reply.NotFixed);
        Assert.Equal(reopens, reply.Reopens);
    }

    [Theory]
    [InlineData("ممنون از پیگیری شما")]
    [InlineData("آب هنوز قطع است و حل نشد")]
    [InlineData("۲ ساعت آب داشتیم و دوباره قطع شد")]
    [InlineData("۶")]
    [InlineData("")]
    public void Anything_else_is_not_an_answer_but_feedback_of_its_own(string message)
    {
        var reply = ResolutionReply.Parse(message);

        Assert.False(reply.IsAnswer);
        Assert.False(reply.Reopens);
    }

    [Fact]
    public void The_text_after_a_rating_is_kept()
    {
        Assert.Equal("هنوز فشار آب کم است", ResolutionReply.Parse("۲ - هنوز فشار آب کم است").Text);
    }
}
