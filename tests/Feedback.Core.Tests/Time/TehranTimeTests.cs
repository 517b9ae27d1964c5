using Feedback.Core.Time;

namespace Feedback.Core.Tests.Time;

public class TehranTimeTests
{
    [Theory]
    [InlineData("2024-03-19T20:29:59Z", "۱۴۰۲/۱۲/۲۹")]
    [InlineData("2024-03-19T20:30:00Z", "۱۴۰۳/۰۱/۰۱")]
    [InlineData("2025-03-21T00:00:00Z", "۱۴۰۴/۰۱/۰۱")]
    [InlineData("2025-03-20T12:00:00Z", "۱۴۰۳/۱۲/۳۰")]
    [InlineData("2026-11-22T08:00:00Z", "۱۴۰۵/۰۹/۰۱")]
    [InlineData("2024-07-15T12:00:00Z", "۱۴۰۳/۰۴/۲۵")]
    public void The_jalali_date_is_of_the_tehran_day_in_persian_digits(string instant, string expected) =>
        Assert.Equal(expected, TehranTime.JalaliDate(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-11-22T11:00:00Z", "۱۴۰۵/۰۹/۰۱ ساعت ۱۴:۳۰")]
    [InlineData("2024-03-19T20:30:00Z", "۱۴۰۳/۰۱/۰۱ ساعت ۰۰:۰۰")]
    [InlineData("2025-01-15T20:29:00Z", "۱۴۰۳/۱۰/۲۶ ساعت ۲۳:۵۹")]
    public void The_jalali_date_time_adds_the_tehran_clock_in_persian_digits(string instant, string expected) =>
        Assert.Equal(expected, TehranTime.JalaliDateTime(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Every_jalali_date_of_a_year_has_the_same_length()
    {
        var start = new DateTimeOffset(2025, 3, 21, 12, 0, 0, TimeSpan.Zero);

        var lengths = Enumerable.Range(0, 366).Select(day => TehranTime.JalaliDate(start.AddDays(day)).Length).Distinct();

        Assert.Equal([10], lengths);
    }

    [Theory]
    [InlineData("0123456789", "۰۱۲۳۴۵۶۷۸۹")]
    [InlineData("٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹")]
    [InlineData("۰۱۲۳۴۵۶۷۸۹", "۰۱۲۳۴۵۶۷۸۹")]
    [InlineData("کد 12 و ٣٤", "کد ۱۲ و ۳۴")]
    [InlineData("بدون رقم", "بدون رقم")]
    [InlineData("", "")]
    public void Persian_digits_replaces_digits_of_every_script(string text, string expected) =>
        Assert.Equal(expected, TehranTime.PersianDigits(text));

    [Theory]
    [InlineData("۰۱۲۳۴۵۶۷۸۹", "0123456789")]
    [InlineData("٠١٢٣٤٥٦٧٨٩", "0123456789")]
    [InlineData("0123456789", "0123456789")]
    [InlineData("ساعت ۱۴:۳۰", "ساعت 14:30")]
    public void Ascii_digits_replaces_persian_and_arabic_indic_digits(string text, string expected) =>
        Assert.Equal(expected, TehranTime.AsciiDigits(text));
}
