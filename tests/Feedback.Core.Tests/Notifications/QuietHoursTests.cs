using Feedback.Core.Notifications;

namespace Feedback.Core.Tests.Notifications;

public class QuietHoursTests
{
    private static readonly TimeSpan Tehran = TimeSpan.FromHours(3.5);

    [Theory]
    [InlineData("2025-01-15T21:59:59", true)]
    [InlineData("2025-01-15T12:00:00", true)]
    [InlineData("2025-01-15T08:00:00", true)]
    [InlineData("2025-01-15T22:00:00", false)]
    [InlineData("2025-01-15T23:30:00", false)]
    [InlineData("2025-01-16T00:00:00", false)]
    [InlineData("2025-01-16T03:00:00", false)]
    [InlineData("2025-01-16T07:59:59", false)]
    public void Sending_is_allowed_outside_22_to_08_tehran_time(string tehranTime, bool allowed)
    {
        var now = At(tehranTime);

        Assert.Equal(!allowed, QuietHours.Default.IsQuiet(now));
        if (allowed)
            Assert.Equal(now, QuietHours.Default.NextAllowedSend(now));
    }

    [Theory]
    [InlineData("2025-01-15T22:00:00", "2025-01-16T08:00:00")]
    [InlineData("2025-01-15T23:59:59", "2025-01-16T08:00:00")]
    [InlineData("2025-01-16T00:00:00", "2025-01-16T08:00:00")]
    [InlineData("2025-01-16T07:59:59", "2025-01-16T08:00:00")]
    [InlineData("2025-03-20T23:00:00", "2025-03-21T08:00:00")]
    [InlineData("2024-12-31T22:30:00", "2025-01-01T08:00:00")]
    public void A_send_in_quiet_hours_waits_for_the_next_08_00_tehran(string tehranTime, string expectedTehranTime) =>
        Assert.Equal(At(expectedTehranTime), QuietHours.Default.NextAllowedSend(At(tehranTime)));

    [Theory]
    [InlineData("2024-07-15T23:00:00Z", "2024-07-16T04:30:00Z")]
    [InlineData("2025-01-15T23:00:00Z", "2025-01-16T04:30:00Z")]
    [InlineData("2024-07-15T18:29:59Z", "2024-07-15T18:29:59Z")]
    [InlineData("2024-07-15T18:30:00Z", "2024-07-16T04:30:00Z")]
    [InlineData("2025-01-15T04:29:00Z", "2025-01-15T04:30:00Z")]
    public void Summer_and_winter_share_tehrans_single_offset_of_3_30(string nowUtc, string expectedUtc)
    {
        var next = QuietHours.Default.NextAllowedSend(DateTimeOffset.Parse(nowUtc, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), next);
        Assert.Equal(TimeSpan.Zero, next.Offset);
    }

    [Fact]
    public void The_offset_comes_from_the_time_zone_database_which_knows_summers_before_2022_had_daylight_saving()
    {
        var summer2021Night = new DateTimeOffset(2021, 7, 15, 23, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2021, 7, 16, 3, 30, 0, TimeSpan.Zero), QuietHours.Default.NextAllowedSend(summer2021Night));
    }

    [Fact]
    public void The_next_allowed_send_is_in_utc_whatever_offset_now_carries()
    {
        var now = At("2025-01-15T23:00:00");

        var next = QuietHours.Default.NextAllowedSend(now);

        Assert.Equal(TimeSpan.Zero, next.Offset);
        Assert.Equal(new DateTimeOffset(2025, 1, 16, 4, 30, 0, TimeSpan.Zero), next);
    }

    [Theory]
    [InlineData("2025-01-15T12:59:00", "2025-01-15T12:59:00")]
    [InlineData("2025-01-15T13:00:00", "2025-01-15T15:00:00")]
    [InlineData("2025-01-15T14:59:00", "2025-01-15T15:00:00")]
    [InlineData("2025-01-15T15:00:00", "2025-01-15T15:00:00")]
    public void Configured_hours_within_one_day_defer_to_their_end_the_same_day(string tehranTime, string expectedTehranTime)
    {
        var afternoon = new QuietHours(new TimeOnly(13, 0), new TimeOnly(15, 0));

        Assert.Equal(At(expectedTehranTime), afternoon.NextAllowedSend(At(tehranTime)));
    }

    [Theory]
    [InlineData("2025-01-15T20:59:00", "2025-01-15T20:59:00")]
    [InlineData("2025-01-15T21:00:00", "2025-01-16T07:30:00")]
    [InlineData("2025-01-16T07:29:00", "2025-01-16T07:30:00")]
    [InlineData("2025-01-16T07:30:00", "2025-01-16T07:30:00")]
    public void Configured_hours_over_midnight_defer_to_their_end_the_next_morning(string tehranTime, string expectedTehranTime)
    {
        var longerNight = new QuietHours(new TimeOnly(21, 0), new TimeOnly(7, 30));

        Assert.Equal(At(expectedTehranTime), longerNight.NextAllowedSend(At(tehranTime)));
    }

    [Fact]
    public void Quiet_hours_that_start_when_they_end_are_refused() =>
        Assert.Throws<ArgumentException>(() => new QuietHours(new TimeOnly(8, 0), new TimeOnly(8, 0)));

    private static DateTimeOffset At(string tehranTime) =>
        new(DateTime.Parse(tehranTime, System.Globalization.CultureInfo.InvariantCulture), Tehran);
}
