using System.Globalization;
using Feedback.Core.Time;

namespace Feedback.Core.Agencies;

/// <summary>
/// A public holiday on the Persian (Jalali) calendar: every year on <see cref="Month"/>/<see cref="Day"/> (the
/// solar holidays, e.g. Nowruz) or, with <see cref="Year"/>, on one date only (the lunar holidays, which move
/// through the solar year and are published each year).
/// </summary>
public readonly record struct JalaliHoliday(int? Year, int Month, int Day)
{
    private static readonly PersianCalendar Jalali = new();

    /// <summary>
    /// Iran's holidays on fixed solar dates: Nowruz (1–4 Farvardin), Islamic Republic Day (12 Farvardin), Nature
    /// Day (13 Farvardin), 14 and 15 Khordad, the Revolution's anniversary (22 Bahman) and the oil industry's
    /// nationalisation (29 Esfand).
    /// </summary>
    public static IReadOnlyList<JalaliHoliday> OfficialSolar { get; } =
    [
        new(null, 1, 1), new(null, 1, 2), new(null, 1, 3), new(null, 1, 4), new(null, 1, 12), new(null, 1, 13),
        new(null, 3, 14), new(null, 3, 15), new(null, 11, 22), new(null, 12, 29),
    ];

    /// <summary>Reads "1405/01/13" (that day) or "01/13" (every year), in Latin, Persian or Arabic-Indic digits.</summary>
    public static bool TryParse(string? text, out JalaliHoliday holiday)
    {
        holiday = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var parts = TehranTime.AsciiDigits(text.Trim()).Split('/');
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is 0 or > 4 || !parts[i].All(char.IsAsciiDigit))
                return false;
            numbers[i] = int.Parse(parts[i], CultureInfo.InvariantCulture);
        }
        var candidate = numbers switch
        {
            [var month, var day] => new JalaliHoliday(null, month, day),
            [var year, var month, var day] => new JalaliHoliday(year, month, day),
            _ => (JalaliHoliday?)null,
        };
        if (candidate is not { } parsed || !parsed.IsValid())
            return false;
        holiday = parsed;
        return true;
    }

    /// <summary>Whether <paramref name="day"/> (a Gregorian date of the Tehran calendar) is this holiday.</summary>
    public bool Falls(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return Jalali.GetMonth(date) == Month && Jalali.GetDayOfMonth(date) == Day && (Year is null || Jalali.GetYear(date) == Year);
    }

    private bool IsValid()
    {
        if (Month is < 1 or > 12 || Day < 1)
            return false;
        if (Year is { } year)
            return year is >= 1300 and <= 1500 && Day <= Jalali.GetDaysInMonth(year, Month);
        // Esfand has 30 days in leap years only: a yearly 30 Esfand falls in those years.
        return Day <= (Month <= 6 ? 31 : 30);
    }
}

/// <summary>
/// Which Tehran days government offices work: every day but the weekend days and the holidays. Deadlines
/// count whole working days after the day something arrived, and fall at the end (Tehran midnight) of the last one.
/// </summary>
public sealed class WorkingCalendar
{
    /// <summary>
    /// The executive bodies' week since the 2025 amendment of Article 87 of the Civil Service Management Law:
    /// Saturday to Wednesday, with Thursday and Friday off (hospitals, banks and other operational services
    /// excepted; a deployment whose agencies work Thursdays configures its own weekend).
    /// </summary>
    public static IReadOnlyList<DayOfWeek> GovernmentWeekend { get; } = [DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>No deadline is searched for further ahead than this.</summary>
    private const int MaxDaysAhead = 3660;

    private readonly HashSet<DayOfWeek> weekend;
    private readonly JalaliHoliday[] holidays;

    public WorkingCalendar(IEnumerable<DayOfWeek> weekend, IEnumerable<JalaliHoliday> holidays)
    {
        ArgumentNullException.ThrowIfNull(weekend);
        ArgumentNullException.ThrowIfNull(holidays);
        this.weekend = [.. weekend];
        if (this.weekend.Count >= 7)
            throw new ArgumentException("A week needs at least one working day.", nameof(weekend));
        this.holidays = [.. holidays.Distinct()];
    }

    public bool IsWorkingDay(DateOnly day) => !weekend.Contains(day.DayOfWeek) && !holidays.Any(holiday => holiday.Falls(day));

    /// <summary>
    /// The end of the <paramref name="workingDays"/>-th working day after the Tehran day of <paramref name="start"/>
    /// (0: the end of that day itself). Something that arrives on a Wednesday evening with 2 working days
    /// is due at the end of Sunday, the weekend in between not counted.
    /// </summary>
    public DateTimeOffset DeadlineAfter(DateTimeOffset start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = TehranDay(start);
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (day.DayNumber - TehranDay(start).DayNumber > MaxDaysAhead)
                throw new InvalidOperationException($"No {workingDays} working days within {MaxDaysAhead} days: check the weekend and holidays.");
            if (IsWorkingDay(day))
                counted++;
        }
        return StartOf(day.AddDays(1));
    }

    /// <summary>The Tehran calendar day an instant falls on.</summary>
    public static DateOnly TehranDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TehranTime.Zone).DateTime);

    /// <summary>Tehran midnight at the start of <paramref name="day"/>.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, TehranTime.Zone.GetUtcOffset(local));
    }
}
