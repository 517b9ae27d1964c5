using System.Globalization;
using Feedback.Core.Time;

namespace Feedback.Core.Tests.Time;

public class JalaliDaysTests
{
    [Theory]
    [InlineData("1404/07/09", "2025-10-01")]
    [InlineData("۱۴۰۴/۰۷/۰۹", "2025-10-01")]
    [InlineData("١٤٠٤-٧-٩", "2025-10-01")]
    [InlineData(" 1403/12/30 ", "2025-03-20")]
    [InlineData("1404/01/01", "2025-03-21")]
    public void A_jalali_date_is_read_in_any_digit_script(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), JalaliDays.TryParse(text));

    [Theory]
    [InlineData("1404/07/31")]
    [InlineData("1404/12/30")]
    [InlineData("1404/13/01")]
    [InlineData("1404/00/10")]
    [InlineData("1404/07")]
    [InlineData("2025-10-01")]
    [InlineData("امروز")]
    [InlineData("")]
    [InlineData(null)]
    public void Text_that_is_not_a_jalali_date_is_refused(string? text) =>
        Assert.Null(JalaliDays.TryParse(text));

    [Fact]
    public void A_day_is_written_in_the_jalali_calendar_and_read_back()
    {
        var day = new DateOnly(2025, 10, 1);

        Assert.Equal("1404/07/09", JalaliDays.Format(day));
        Assert.Equal(day, JalaliDays.TryParse(JalaliDays.Format(day)));
    }

    [Theory]
    [InlineData("2025-09-30T20:29:59Z", "2025-09-30")]
    [InlineData("2025-09-30T20:30:00Z", "2025-10-01")]
    public void The_tehran_day_turns_at_tehran_midnight(string instant, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), JalaliDays.TehranDay(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture)));

    [Fact]
    public void A_tehran_day_starts_at_tehran_midnight_in_utc()
    {
        var start = JalaliDays.StartOf(new DateOnly(2025, 10, 1));

        Assert.Equal(new DateTimeOffset(2025, 9, 30, 20, 30, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateOnly(2025, 10, 1), JalaliDays.TehranDay(start));
        Assert.Equal(new DateOnly(2025, 9, 30), JalaliDays.TehranDay(start.AddTicks(-1)));
    }

    [Theory]
    [InlineData("2025-09-27", "2025-09-27")]
    [InlineData("2025-09-28", "2025-09-27")]
    [InlineData("2025-10-03", "2025-09-27")]
    [InlineData("2025-10-04", "2025-10-04")]
    public void The_iranian_week_starts_on_saturday(string day, string saturday)
    {
        var start = JalaliDays.WeekStart(DateOnly.Parse(day, CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(saturday, CultureInfo.InvariantCulture), start);
        Assert.Equal(DayOfWeek.Saturday, start.DayOfWeek);
    }
}
