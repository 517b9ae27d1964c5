using System.Globalization;
using Feedback.Core.Input;

namespace Feedback.Core.Time;

/// <summary>Time as people in Iran read it: Asia/Tehran, and the Persian (Jalali) calendar. Storage keeps UTC.</summary>
public static class TehranTime
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");

    private static readonly PersianCalendar Jalali = new();

    /// <summary>The Tehran calendar day as yyyyMMdd (Gregorian), for keys that sort by day.</summary>
    public static string DayKey(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The Tehran time of day an instant falls at (its day: <see cref="JalaliDays.TehranDay"/>).</summary>
    public static TimeOnly TimeOfDay(DateTimeOffset instant) => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>"1405/09/01 14:30": the Jalali date and Tehran time a person reads.</summary>
    public static string JalaliText(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{Jalali.GetYear(local):D4}/{Jalali.GetMonth(local):D2}/{Jalali.GetDayOfMonth(local):D2} {local:HH:mm}");
    }

    /// <summary>"۱۴۰۵/۰۹/۰۱": the Jalali date of the Tehran day, in Persian digits, for text a citizen reads.</summary>
    public static string JalaliDate(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
        return PersianDigits(FormatJalaliDate(local));
    }

    /// <summary>"۱۴۰۵/۰۹/۰۱ ساعت ۱۴:۳۰": the Jalali date and Tehran time, in Persian digits.</summary>
    public static string JalaliDateTime(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
        return PersianDigits(string.Create(CultureInfo.InvariantCulture, $"{FormatJalaliDate(local)} ساعت {local:HH:mm}"));
    }

    /// <summary>The text with every digit (Latin 0-9 or Arabic-Indic ٠-٩) written as a Persian digit ۰-۹.</summary>
    public static string PersianDigits(string text) => MapDigits(text, '\u06F0');

    /// <summary>The text with every Persian ۰-۹ or Arabic-Indic ٠-٩ digit written as a Latin digit 0-9.</summary>
    public static string AsciiDigits(string text) => MapDigits(text, '0');

    private static string FormatJalaliDate(DateTime local) =>
        string.Create(CultureInfo.InvariantCulture, $"{Jalali.GetYear(local):D4}/{Jalali.GetMonth(local):D2}/{Jalali.GetDayOfMonth(local):D2}");

    private static string MapDigits(string text, char zero) =>
        string.Create(text.Length, (text, zero), static (target, state) =>
        {
            for (var i = 0; i < target.Length; i++)
            {
                var value = KeypadDigits.ValueOf(state.text[i]);
                target[i] = value >= 0 ? (char)(state.zero + value) : state.text[i];
            }
        });
}

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
