using Feedback.Core.Notifications;

namespace Feedback.Core.Tests.Notifications;

public class DailyCapTests
{
    private static readonly TimeSpan Tehran = TimeSpan.FromHours(3.5);

    [Theory]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(9, false)]
    public void The_default_cap_allows_five_sms_a_day(int sentToday, bool allowed) =>
        Assert.Equal(allowed, new DailyCap().Allows(sentToday));

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(1, 1, false)]
    [InlineData(10, 9, true)]
    [InlineData(10, 10, false)]
    public void A_configured_cap_allows_up_to_its_limit(int limit, int sentToday, bool allowed) =>
        Assert.Equal(allowed, new DailyCap(limit).Allows(sentToday));

    [Fact]
    public void A_cap_below_one_or_a_negative_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DailyCap(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DailyCap().Allows(-1));
    }

    [Fact]
    public void Sends_are_counted_by_the_tehran_day_not_the_utc_day()
    {
        var now = new DateTimeOffset(2025, 1, 15, 10, 0, 0, Tehran);
        DateTimeOffset[] sent =
        [
            new(2025, 1, 15, 0, 5, 0, Tehran),   // 20:35 UTC the day before, but today in Tehran
            new(2025, 1, 15, 9, 0, 0, Tehran),
            new(2025, 1, 15, 23, 59, 0, Tehran),
            new(2025, 1, 14, 23, 59, 0, Tehran), // yesterday in Tehran
            new(2025, 1, 16, 0, 0, 0, Tehran),   // tomorrow in Tehran, still 15 January in UTC
        ];

        Assert.Equal(3, DailyCap.SentToday(sent, now));
    }

    [Fact]
    public void A_phone_at_its_cap_today_may_be_sent_again_after_tehran_midnight()
    {
        var cap = new DailyCap(2);
        DateTimeOffset[] sent = [new(2025, 1, 15, 9, 0, 0, Tehran), new(2025, 1, 15, 18, 0, 0, Tehran)];

        Assert.False(cap.Allows(DailyCap.SentToday(sent, new DateTimeOffset(2025, 1, 15, 23, 59, 0, Tehran))));
        Assert.True(cap.Allows(DailyCap.SentToday(sent, new DateTimeOffset(2025, 1, 16, 0, 0, 0, Tehran))));
    }
}
