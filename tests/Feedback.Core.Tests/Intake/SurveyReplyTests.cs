using Feedback.Core.Intake;

namespace Feedback.Core.Tests.Intake;

public class SurveyReplyTests
{
    [Theory]
    [InlineData("5", 5, "")]
    [InlineData("۵", 5, "")]
    [InlineData("٤", 4, "")]
    [InlineData(" 1 ", 1, "")]
    [InlineData("۵ ممنون از پیگیری شما", 5, "ممنون از پیگیری شما")]
    [InlineData("۴. کارمند باجه خوش برخورد بود", 4, "کارمند باجه خوش برخورد بود")]
    [InlineData("1 - خیلی معطل شدم", 1, "خیلی معطل شدم")]
    [InlineData("۲، صف طولانی بود", 2, "صف طولانی بود")]
    [InlineData("۳) معمولی بود", 3, "معمولی بود")]
    [InlineData("۵!!! عالی", 5, "عالی")]
    [InlineData("٣ - ماشین حساب خراب بود", 3, "ماشین حساب خراب بود")]
    [InlineData("5 (عالی)", 5, "(عالی)")]
    [InlineData("۱\nآب هنوز وصل نشده", 1, "آب هنوز وصل نشده")]
    [InlineData("۴ sorry dir javab dadam", 4, "sorry dir javab dadam")]
    [InlineData("5 merci", 5, "merci")]
    [InlineData("\u200F۵ خوب بود", 5, "خوب بود")]
    public void A_leading_rating_is_parsed_off_and_the_rest_is_the_text(string message, int rating, string text) =>
        Assert.Equal(new SurveyReply(rating, text), SurveyReply.Parse(message));

    [Theory]
    [InlineData("۲ ساعت در صف بودم")]
    [InlineData("3 روز است آب نداریم")]
    [InlineData("۵ روزه برق قطع است")]
    [InlineData("۲ ماهه قبض گاز نیامده")]
    [InlineData("۴ هفته منتظر کارت ملی هستم")]
    [InlineData("۳ سال است این خیابان آسفالت نشده")]
    [InlineData("۲۰ دقیقه معطل شدم")]
    [InlineData("5 دقيقه طول كشيد")]
    [InlineData("۳ بار زنگ زدم کسی جواب نداد")]
    [InlineData("۲ تا پرونده را گم کردند")]
    [InlineData("۵ نفر جلوی من بودند")]
    [InlineData("۵ هزار تومان اضافه گرفتند")]
    [InlineData("۳ تومن بیشتر گرفتن")]
    [InlineData("۲ میلیون ریال جریمه شدم")]
    [InlineData("۵۰۰ متر لوله ترکیده")]
    [InlineData("۲ساعت معطلی")]
    [InlineData("۴ ساعته برق نداریم")]
    [InlineData("۳ روزها طول کشید")]
    [InlineData("۵ صبح آب قطع شد")]
    [InlineData("2 saat too saf boodam")]
    [InlineData("3 Rooz ast ab nadarim")]
    public void A_leading_digit_that_counts_something_is_not_a_rating(string message) =>
        Assert.Equal(new SurveyReply(null, message), SurveyReply.Parse(message));

    [Theory]
    [InlineData("12 ساعت منتظر ماندم")]
    [InlineData("۱۲۳ بار زنگ زدم")]
    [InlineData("45")]
    [InlineData("۲/۵ ساعت در صف")]
    [InlineData("۲.۵ ساعت")]
    [InlineData("۴:۳۰ رفتم اداره بسته بود")]
    [InlineData("5% تخفیف ندادند")]
    [InlineData("۳٫۵ میلیون")]
    public void A_leading_digit_that_is_part_of_a_longer_number_is_not_a_rating(string message) =>
        Assert.Equal(new SurveyReply(null, message), SurveyReply.Parse(message));

    [Theory]
    [InlineData("0")]
    [InlineData("۰ بدترین اداره")]
    [InlineData("۶")]
    [InlineData("9 عالی")]
    [InlineData("٧ خوب")]
    public void Zero_and_six_to_nine_are_not_ratings(string message) =>
        Assert.Equal(new SurveyReply(null, message), SurveyReply.Parse(message));

    [Theory]
    [InlineData("ممنون، خیلی سریع انجام شد")]
    [InlineData("ساعت ۵ رفتم بسته بود")]
    [InlineData("عالی ۵")]
    [InlineData("-5 بد بود")]
    public void A_message_that_does_not_start_with_a_digit_is_all_text(string message) =>
        Assert.Equal(new SurveyReply(null, message), SurveyReply.Parse(message));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n ")]
    public void An_empty_reply_has_no_rating_and_no_text(string? message) =>
        Assert.Equal(new SurveyReply(null, string.Empty), SurveyReply.Parse(message));

    [Fact]
    public void Text_that_is_not_a_rating_is_returned_trimmed() =>
        Assert.Equal(new SurveyReply(null, "۲ ساعت معطلی"), SurveyReply.Parse("  ۲ ساعت معطلی \n"));
}
