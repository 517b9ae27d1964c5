using Feedback.Core.Privacy;

namespace Feedback.Core.Tests.Privacy;

public class PersonalDataTests
{
    [Theory]
    [InlineData("با شماره 09121234567 تماس بگیرید", "با شماره *** تماس بگیرید")]
    [InlineData("شماره ۰۹۱۲ ۱۲۳ ۴۵۶۷ منه", "شماره *** منه")]
    [InlineData("همراهم ٠٩١٢-١٢٣-٤٥٦٧", "همراهم ***")]
    [InlineData("+98 912 123 4567 لطفا", "*** لطفا")]
    [InlineData("00989121234567", "***")]
    [InlineData("تلفن ثابت 024-33456789 اداره", "تلفن ثابت *** اداره")]
    [InlineData("تلفن (۰۲۱) ۸۸۷۷۶۶۵۵", "تلفن ***")]
    [InlineData("کد ملی 0012345679 است", "کد ملی *** است")]
    [InlineData("کد ملی ۴۴۸۸۱۲۳۴۵۷", "کد ملی ***")]
    [InlineData("کارت 6037-9912-3456-7893 را", "کارت *** را")]
    [InlineData("کارت ۶۲۷۴ ۱۲۹۸ ۷۶۵۴ ۳۲۱۹", "کارت ***")]
    [InlineData("ایمیل ali.rezaei@example.ir بدید", "ایمیل *** بدید")]
    [InlineData("09121234567 1234", "*** 1234")]
    public void Personal_data_in_any_digit_script_is_masked(string text, string masked) =>
        Assert.Equal(masked, PersonalData.MaskIn(text));

    [Theory]
    [InlineData("قبض 450000 تومانی آمد")]
    [InlineData("قیمت 200 000 تومان شد")]
    [InlineData("تاریخ ۱۴۰۳/۰۵/۱۲ مراجعه کردم")]
    [InlineData("کد ملی 0012345678 اشتباه است")]
    [InlineData("کارت 6037991234567890")]
    [InlineData("پلاک 12 ب 345 ایران 67")]
    [InlineData("")]
    public void Other_numbers_and_near_misses_stay(string text) =>
        Assert.Equal(text, PersonalData.MaskIn(text));

    [Fact]
    public void A_national_id_of_one_repeated_digit_is_not_one() =>
        Assert.False(PersonalData.IsNationalId("1111111111"));
}
