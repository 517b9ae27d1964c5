using Feedback.Core.Time;

namespace Feedback.Core.Notifications;

/// <summary>
/// The hours of the Tehran night when no SMS is sent to citizens (22:00–08:00 by default). A send that falls in
/// them waits for their end; it is deferred, never dropped. Iran has kept one UTC offset (+03:30) all year since
/// 2022, and the time-zone database knows, so the same wall-clock hours hold in summer and winter.
/// </summary>
public sealed class QuietHours
{
    public QuietHours(TimeOnly start, TimeOnly end)
    {
        if (start == end)
            throw new ArgumentException("Quiet hours must start and end at different times.", nameof(end));
        Start = start;
        End = end;
    }

    public static QuietHours Default { get; } = new(new TimeOnly(22, 0), new TimeOnly(8, 0));

    /// <summary>The Tehran time sending stops (inclusive).</summary>
    public TimeOnly Start { get; }

    /// <summary>The Tehran time sending resumes; quiet hours that start later in the day than this run over midnight.</summary>
    public TimeOnly End { get; }

    public bool IsQuiet(DateTimeOffset instant) =>
        TehranTime.TimeOfDay(instant).IsBetween(Start, End);

    /// <summary><paramref name="now"/> (as UTC) when sending is allowed, otherwise the end of these quiet hours as UTC.</summary>
    public DateTimeOffset NextAllowedSend(DateTimeOffset now)
    {
        if (!IsQuiet(now))
            return now.ToUniversalTime();

        var local = TimeZoneInfo.ConvertTime(now, TehranTime.Zone).DateTime;
        var end = local.Date + End.ToTimeSpan();
        if (end <= local)
            end = end.AddDays(1);
        return new DateTimeOffset(end, TehranTime.Zone.GetUtcOffset(end)).ToUniversalTime();
    }
}

/// <summary>
/// The most SMS one phone is sent in a Tehran calendar day (<see cref="TehranTime.DayKey"/>): a guard against
/// a loop or a flood of status changes turning into a stream of messages to one citizen.
/// </summary>
public sealed class DailyCap
{
    public const int DefaultLimit = 5;

    public DailyCap(int limit = DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Limit = limit;
    }

    public int Limit { get; }

    /// <summary>Whether one more SMS may go to a phone that has been sent <paramref name="sentToday"/> today.</summary>
    public bool Allows(int sentToday)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sentToday);
        return sentToday < Limit;
    }

    /// <summary>How many of <paramref name="sentTimes"/> fall on the same Tehran day as <paramref name="now"/>.</summary>
    public static int SentToday(IEnumerable<DateTimeOffset> sentTimes, DateTimeOffset now)
    {
        var today = TehranTime.DayKey(now);
        return sentTimes.Count(sentAt => string.Equals(TehranTime.DayKey(sentAt), today, StringComparison.Ordinal));
    }
}
