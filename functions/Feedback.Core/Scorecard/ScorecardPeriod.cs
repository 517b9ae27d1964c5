using System.Globalization;
using Feedback.Core.Time;

namespace Feedback.Core.Scorecard;

/// <summary>How long a scorecard period is: a Jalali month, a quarter (a season: months 1–3, 4–6, 7–9, 10–12) or a year.</summary>
public enum ScorecardPeriodKind
{
    Month,
    Quarter,
    Year,
}

/// <summary>
/// A period the public scorecard covers, in the Jalali calendar: <see cref="Number"/> is the month (1–12) or the
/// quarter (1–4), unused for a year. Written in addresses as "1405-09", "1405-q3" or "1405".
/// </summary>
public sealed record ScorecardPeriod
{
    /// <summary>The first year a scorecard may be asked for: none is read before it, however the address is written.</summary>
    public const int FirstYear = 1400;

    private static readonly PersianCalendar Jalali = new();

    private static readonly string[] MonthNames =
        ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];

    private static readonly string[] SeasonNames = ["بهار", "تابستان", "پاییز", "زمستان"];

    private ScorecardPeriod(ScorecardPeriodKind kind, int year, int number)
    {
        Kind = kind;
        Year = year;
        Number = number;
    }

    public ScorecardPeriodKind Kind { get; }

    public int Year { get; }

    public int Number { get; }

    /// <summary>The period's first Tehran day.</summary>
    public DateOnly From => Day(Year, FirstMonth, 1);

    /// <summary>The period's last Tehran day.</summary>
    public DateOnly To => Day(Year, LastMonth, Jalali.GetDaysInMonth(Year, LastMonth));

    /// <summary>"1405-09", "1405-q3" or "1405".</summary>
    public string Key => Kind switch
    {
        ScorecardPeriodKind.Month => string.Create(CultureInfo.InvariantCulture, $"{Year}-{Number:D2}"),
        ScorecardPeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Year}-q{Number}"),
        _ => Year.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>What a person reads: «آذر ۱۴۰۵», «پاییز ۱۴۰۵», «سال ۱۴۰۵».</summary>
    public string Label => TehranTime.PersianDigits(Kind switch
    {
        ScorecardPeriodKind.Month => $"{MonthNames[Number - 1]} {Year}",
        ScorecardPeriodKind.Quarter => $"{SeasonNames[Number - 1]} {Year}",
        _ => $"سال {Year}",
    });

    private int FirstMonth => Kind switch
    {
        ScorecardPeriodKind.Month => Number,
        ScorecardPeriodKind.Quarter => (3 * Number) - 2,
        _ => 1,
    };

    private int LastMonth => Kind switch
    {
        ScorecardPeriodKind.Month => Number,
        ScorecardPeriodKind.Quarter => 3 * Number,
        _ => 12,
    };

    public static ScorecardPeriod Month(int year, int month) =>
        month is >= 1 and <= 12 && year >= FirstYear ? new(ScorecardPeriodKind.Month, year, month) : throw new ArgumentOutOfRangeException(nameof(month));

    public static ScorecardPeriod Quarter(int year, int quarter) =>
        quarter is >= 1 and <= 4 && year >= FirstYear ? new(ScorecardPeriodKind.Quarter, year, quarter) : throw new ArgumentOutOfRangeException(nameof(quarter));

    public static ScorecardPeriod WholeYear(int year) =>
        year >= FirstYear ? new(ScorecardPeriodKind.Year, year, 0) : throw new ArgumentOutOfRangeException(nameof(year));

    /// <summary>The Jalali month the Tehran day falls in.</summary>
    public static ScorecardPeriod MonthOf(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return Month(Jalali.GetYear(date), Jalali.GetMonth(date));
    }

    /// <summary>The period an address names ("1405-09", "1405-q3", "1405", any digits); null when it names none from <see cref="FirstYear"/> on.</summary>
    public static ScorecardPeriod? TryParse(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
            return null;
        var parts = TehranTime.AsciiDigits(key.Trim()).ToLowerInvariant().Split('-');
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || parts[0].Length != 4 || year < FirstYear || year > 1500)
            return null;
        return parts switch
        {
            [_] => WholeYear(year),
            [_, ['q', var quarter]] when quarter is >= '1' and <= '4' => Quarter(year, quarter - '0'),
            [_, { Length: 2 } month] when int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 12 => Month(year, number),
            _ => null,
        };
    }

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>The months of the period, in order (a month's is itself).</summary>
    public IReadOnlyList<ScorecardPeriod> Months() => [.. Enumerable.Range(FirstMonth, LastMonth - FirstMonth + 1).Select(month => Month(Year, month))];

    /// <summary>The quarters of a year, in order; none for a shorter period.</summary>
    public IReadOnlyList<ScorecardPeriod> Quarters() => Kind == ScorecardPeriodKind.Year ? [.. Enumerable.Range(1, 4).Select(quarter => Quarter(Year, quarter))] : [];

    /// <summary>
    /// The periods a person may choose on <paramref name="today"/>, newest first: the months and quarters of this
    /// Jalali year and the last, and every year from <see cref="FirstYear"/>; each has started.
    /// </summary>
    public static IReadOnlyList<ScorecardPeriod> Choices(DateOnly today)
    {
        var thisYear = MonthOf(today).Year;
        var years = Enumerable.Range(FirstYear, thisYear - FirstYear + 1).Reverse().ToArray();
        var recent = years.Take(2).ToArray();
        return
        [
            .. recent.SelectMany(year => Enumerable.Range(1, 12).Reverse().Select(month => Month(year, month))).Where(period => period.From <= today),
            .. recent.SelectMany(year => Enumerable.Range(1, 4).Reverse().Select(quarter => Quarter(year, quarter))).Where(period => period.From <= today),
            .. years.Select(WholeYear),
        ];
    }

    private static DateOnly Day(int year, int month, int day) => DateOnly.FromDateTime(Jalali.ToDateTime(year, month, day, 0, 0, 0, 0));
}
