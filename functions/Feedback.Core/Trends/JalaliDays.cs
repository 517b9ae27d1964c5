using System.Globalization;
using Feedback.Core.Time;

namespace Feedback.Core.Trends;

/// <summary>
/// Tehran calendar days as the dashboard uses them: a <see cref="DateOnly"/> (Gregorian, for keys and arithmetic)
/// read and written in the Persian (Jalali) calendar, weeks starting on Saturday as in Iran.
/// </summary>
public static class JalaliDays
{
    private static readonly PersianCalendar Jalali = new();

    /// <summary>The Tehran day the instant falls on.</summary>
    public static DateOnly TehranDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TehranTime.Zone).DateTime);

    /// <summary>When the Tehran day begins, in UTC (the first valid local time, where a clock change skipped midnight).</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (TehranTime.Zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, TehranTime.Zone), TimeSpan.Zero);
    }

    /// <summary>"1404/07/09": the Jalali date, Latin digits (the page shows them as Persian digits).</summary>
    public static string Format(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{Jalali.GetYear(date):D4}/{Jalali.GetMonth(date):D2}/{Jalali.GetDayOfMonth(date):D2}");
    }

    /// <summary>
    /// Reads a Jalali date "yyyy/MM/dd" (or with '-'), in Persian, Arabic-Indic or Latin digits, month and day with
    /// or without a leading zero. Null when it is not a date of the Jalali calendar.
    /// </summary>
    public static DateOnly? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var parts = TehranTime.AsciiDigits(text.Trim()).Split('/', '-');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var dayOfMonth))
            return null;
        if (year is < 1300 or > 1500 || month is < 1 or > 12 || dayOfMonth < 1 || dayOfMonth > Jalali.GetDaysInMonth(year, month))
            return null;
        return DateOnly.FromDateTime(Jalali.ToDateTime(year, month, dayOfMonth, 0, 0, 0, 0));
    }

    /// <summary>The Saturday that starts the Iranian week of <paramref name="day"/>.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 1) % 7));
}
