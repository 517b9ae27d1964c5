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
