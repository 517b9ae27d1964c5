using Feedback.Core.Time;

namespace Feedback.Core.Notifications;

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
