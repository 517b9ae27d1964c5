using Feedback.Core.Input;

namespace Feedback.Core.Tests.Input;

public class IranianMobileTests
{
    [Theory]
    [InlineData("09121234567")]
    [InlineData("9121234567")]
    [InlineData("+989121234567")]
    [InlineData("00989121234567")]
    [InlineData("989121234567")]
    [InlineData("+98 912 123 4567")]
    [InlineData("0912-123-4567")]
    [InlineData("0912.123.4567")]
    [InlineData("(0912) 123 45 67")]
    [InlineData("+98 (912) 123-4567")]
    [InlineData("(+98) 912 123 4567")]
    [InlineData("0098 912 1234567")]
    [InlineData("+98 0912 123 4567")]
    [InlineData("۰۹۱۲۱۲۳۴۵۶۷")]
    [InlineData("٠٩١٢١٢٣٤٥٦٧")]
    [InlineData("+۹۸۹۱۲۱۲۳۴۵۶۷")]
    [InlineData("۰۹۱۲ ۱۲۳ ۴۵۶۷")]
    [InlineData("\u200E+98 912 123 4567\u200E")]
    [InlineData("  09121234567  ")]
    public void Every_common_form_becomes_the_one_canonical_number(string input)
    {
        var result = IranianMobile.Parse(input);

        Assert.True(result.IsValid, result.RejectionMessage);
        Assert.Equal("+989121234567", result.Mobile.E164);
    }

    [Theory]
    [InlineData("09011234567", "+989011234567")]
    [InlineData("09351234567", "+989351234567")]
    [InlineData("09901234567", "+989901234567")]
    [InlineData("09981234567", "+989981234567")]
    public void Numbers_of_other_operators_are_accepted(string input, string expected) =>
        Assert.Equal(expected, IranianMobile.Parse(input).Mobile?.E164);

    [Fact]
    public void Ten_digits_starting_with_98_are_a_national_number_not_a_country_code() =>
        Assert.Equal("+989811234567", IranianMobile.Parse("9811234567").Mobile?.E164);

    [Theory]
    [InlineData(null, MobileRejection.Missing)]
    [InlineData("", MobileRejection.Missing)]
    [InlineData("   ", MobileRejection.Missing)]
    [InlineData("02433331234", MobileRejection.Landline)]
    [InlineData("021-88776655", MobileRejection.Landline)]
    [InlineData("+982188776655", MobileRejection.Landline)]
    [InlineData("00982188776655", MobileRejection.Landline)]
    [InlineData("+14155550100", MobileRejection.ForeignNumber)]
    [InlineData("0014155550100", MobileRejection.ForeignNumber)]
    [InlineData("+905321234567", MobileRejection.ForeignNumber)]
    [InlineData("0912123456", MobileRejection.WrongLength)]
    [InlineData("091212345678", MobileRejection.WrongLength)]
    [InlineData("+98912123456", MobileRejection.WrongLength)]
    [InlineData("912123", MobileRejection.WrongLength)]
    [InlineData("12345", MobileRejection.WrongLength)]
    [InlineData("( )", MobileRejection.WrongLength)]
    [InlineData("0912abc4567", MobileRejection.InvalidCharacters)]
    [InlineData("0912_123_4567", MobileRejection.InvalidCharacters)]
    [InlineData("09121234567+", MobileRejection.InvalidCharacters)]
    [InlineData("++989121234567", MobileRejection.InvalidCharacters)]
    [InlineData("۰۹۱۲۱۲۳۴۵۶۷ تماس", MobileRejection.InvalidCharacters)]
    public void Anything_else_is_rejected_with_a_reason(string? input, MobileRejection expected)
    {
        var result = IranianMobile.Parse(input);

        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Rejection);
        Assert.False(string.IsNullOrWhiteSpace(result.RejectionMessage));
    }

    [Fact]
    public void A_rejection_message_never_repeats_the_number()
    {
        var result = IranianMobile.Parse("0935987654");

        Assert.DoesNotContain("987654", result.RejectionMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Display_and_masked_forms_come_from_the_canonical_number()
    {
        var mobile = IranianMobile.Parse("+98 912 123 4567").Mobile!;

        Assert.Equal("09121234567", mobile.NationalForm);
        Assert.Equal("0912***4567", mobile.Masked);
    }

    [Fact]
    public void Formatting_a_number_into_text_shows_only_the_masked_form()
    {
        var mobile = IranianMobile.Parse("09121234567").Mobile!;

        Assert.Equal("0912***4567", mobile.ToString());
        Assert.DoesNotContain("1234567", $"sender {mobile}", StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_number_in_two_forms_is_equal() =>
        Assert.Equal(IranianMobile.Parse("۰۹۱۲۱۲۳۴۵۶۷").Mobile, IranianMobile.Parse("00989121234567").Mobile);
}
