using System.Globalization;

namespace Feedback.Core.Time;

/// <summary>Time as people in Iran read it: Asia/Tehran, and the Persian (Jalali) calendar. Storage keeps UTC.</summary>
public static class TehranTime
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");

    private static readonly PersianCalendar Jalali = new();

    /// <summary>The Tehran calendar day as yyyyMMdd (Gregorian), for keys that sort by day.</summary>
    public static string DayKey(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>"1405/09/01 14:30": the Jalali date and Tehran time a person reads.</summary>
    public static string JalaliText(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{Jalali.GetYear(local):D4}/{Jalali.GetMonth(local):D2}/{Jalali.GetDayOfMonth(local):D2} {local:HH:mm}");
    }
}
