using Feedback.Core.Agencies;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Agencies;

/// <summary>
/// The SLA settings (section Feedback:Sla; app settings Feedback__Sla__…): the default targets in working days,
/// each agency's own where it has them (Feedback__Sla__Agencies__{agency}__ResolveWorkingDays), the weekend
/// and the holidays. The fixed solar holidays are built in; the lunar ones move every year and are listed here
/// as they are published (Jalali dates, "1405/01/13" for one day or "01/13" for every year).
/// </summary>
public sealed class SlaSettings
{
    public const string Section = "Feedback:Sla";

    public int AcknowledgeWorkingDays { get; set; } = SlaTargets.Default.AcknowledgeWorkingDays;

    public int ResolveWorkingDays { get; set; } = SlaTargets.Default.ResolveWorkingDays;

    /// <summary>Comma-separated English day names; default the government week's Thursday and Friday.</summary>
    public string Weekend { get; set; } = string.Join(',', WorkingCalendar.GovernmentWeekend);

    /// <summary>Whether Iran's fixed solar holidays (<see cref="JalaliHoliday.OfficialSolar"/>) are days off.</summary>
    public bool OfficialSolarHolidays { get; set; } = true;

    /// <summary>More days off, comma-separated Jalali dates: the year's lunar holidays, a province's own.</summary>
    public string Holidays { get; set; } = string.Empty;

    /// <summary>Agencies whose targets differ from the defaults, by agency key.</summary>
    public Dictionary<string, AgencySlaTargets> Agencies { get; set; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        CheckTargets(problems, "", AcknowledgeWorkingDays, ResolveWorkingDays);
        foreach (var (agency, targets) in Agencies)
            CheckTargets(problems, $"Agencies:{agency}:", targets.AcknowledgeWorkingDays ?? AcknowledgeWorkingDays, targets.ResolveWorkingDays ?? ResolveWorkingDays);
        var weekend = WeekendDays(out var unknownDays);
        if (unknownDays.Count > 0)
            problems.Add($"{Section}:Weekend names no day of the week: {string.Join(", ", unknownDays)} (write e.g. Thursday,Friday)");
        else if (weekend.Count >= 7)
            problems.Add($"{Section}:Weekend leaves no working day");
        HolidayDates(out var unreadable);
        if (unreadable.Count > 0)
            problems.Add($"{Section}:Holidays has dates that are not Jalali dates (1405/01/13, or 01/13 for every year): {string.Join(", ", unreadable)}");
        return problems;
    }

    /// <summary>The policy these settings describe; call after <see cref="Validate"/> found nothing wrong.</summary>
    public SlaPolicy ToPolicy()
    {
        var holidays = HolidayDates(out _);
        var calendar = new WorkingCalendar(WeekendDays(out _), OfficialSolarHolidays ? [.. JalaliHoliday.OfficialSolar, .. holidays] : holidays);
        var defaults = new SlaTargets(AcknowledgeWorkingDays, ResolveWorkingDays);
        return new SlaPolicy(calendar, defaults, Agencies.ToDictionary(
            entry => entry.Key,
            entry => new SlaTargets(entry.Value.AcknowledgeWorkingDays ?? AcknowledgeWorkingDays, entry.Value.ResolveWorkingDays ?? ResolveWorkingDays),
            StringComparer.Ordinal));
    }

    private static void CheckTargets(List<string> problems, string prefix, int acknowledge, int resolve)
    {
        if (acknowledge is < 0 or > 365)
            problems.Add($"{Section}:{prefix}AcknowledgeWorkingDays must be 0 to 365");
        if (resolve is < 0 or > 365 || resolve < acknowledge)
            problems.Add($"{Section}:{prefix}ResolveWorkingDays must be 0 to 365, and not fewer than AcknowledgeWorkingDays");
    }

    private List<DayOfWeek> WeekendDays(out List<string> unknown)
    {
        unknown = [];
        var days = new List<DayOfWeek>();
        foreach (var name in Weekend.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<DayOfWeek>(name, ignoreCase: true, out var day) && !name.All(char.IsAsciiDigit))
                days.Add(day);
            else
                unknown.Add(name);
        }
        return days;
    }

    private List<JalaliHoliday> HolidayDates(out List<string> unreadable)
    {
        unreadable = [];
        var dates = new List<JalaliHoliday>();
        foreach (var text in Holidays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (JalaliHoliday.TryParse(text, out var holiday))
                dates.Add(holiday);
            else
                unreadable.Add(text);
        }
        return dates;
    }
}

/// <summary>One agency's own targets; what is not set is the default's.</summary>
public sealed class AgencySlaTargets
{
    public int? AcknowledgeWorkingDays { get; set; }

    public int? ResolveWorkingDays { get; set; }
}

/// <summary>Runs <see cref="SlaSettings.Validate"/> when the app starts.</summary>
internal sealed class SlaSettingsValidation : IValidateOptions<SlaSettings>
{
    public ValidateOptionsResult Validate(string? name, SlaSettings options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
