using Feedback.Core.Agencies;

namespace Feedback.Core.Tests.Agencies;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Government = new(WorkingCalendar.GovernmentWeekend, JalaliHoliday.OfficialSolar);

    private static DateTimeOffset Tehran(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(3.5));

    [Fact]
    public void Two_working_days_from_a_wednesday_evening_end_with_sunday()
    {
        var deadline = Government.DeadlineAfter(Tehran(2026, 11, 18, 18), 2);

        Assert.Equal(Tehran(2026, 11, 23, 0), deadline);
    }

    [Fact]
    public void With_friday_alone_off_thursday_counts()
    {
        var fridayOnly = new WorkingCalendar([DayOfWeek.Friday], []);

        Assert.Equal(Tehran(2026, 11, 22, 0), fridayOnly.DeadlineAfter(Tehran(2026, 11, 18, 18), 2));
    }

    [Fact]
    public void Nowruz_is_not_counted()
    {
        // Wednesday 27 Esfand 1404; 1-4 Farvardin 1405 are 21-24 March 2026, then a weekend.
        var deadline = Government.DeadlineAfter(Tehran(2026, 3, 18, 10), 2);

        Assert.Equal(Tehran(2026, 3, 29, 0), deadline);
    }

    [Fact]
    public void Zero_working_days_is_the_end_of_the_same_day()
    {
        Assert.Equal(Tehran(2026, 11, 22, 0), Government.DeadlineAfter(Tehran(2026, 11, 21, 9), 0));
    }

    [Fact]
    public void A_holiday_of_one_year_falls_that_year_only()
    {
        Assert.True(JalaliHoliday.TryParse("۱۴۰۵/۰۱/۱۳", out var natureDay1405));
        Assert.True(natureDay1405.Falls(new DateOnly(2026, 4, 2)));
        Assert.False(natureDay1405.Falls(new DateOnly(2027, 4, 2)));
        Assert.True(new JalaliHoliday(null, 1, 1).Falls(new DateOnly(2026, 3, 21)));
    }

    [Fact]
    public void A_configured_holiday_moves_the_deadline_a_day()
    {
        // Sunday 2026-11-22 is 1 Azar 1405.
        Assert.True(JalaliHoliday.TryParse("1405/09/01", out var holiday));
        var calendar = new WorkingCalendar(WorkingCalendar.GovernmentWeekend, [holiday]);

        Assert.Equal(Tehran(2026, 11, 24, 0), calendar.DeadlineAfter(Tehran(2026, 11, 18, 18), 2));
    }

    [Theory]
    [InlineData("13/01")]
    [InlineData("01/32")]
    [InlineData("1405/07/31")]
    [InlineData("1405-01-13")]
    [InlineData("nowruz")]
    [InlineData("")]
    public void Holidays_that_are_not_jalali_dates_are_refused(string text) =>
        Assert.False(JalaliHoliday.TryParse(text, out _));

    [Fact]
    public void A_week_without_a_working_day_is_refused() =>
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(Enum.GetValues<DayOfWeek>(), []));
}
