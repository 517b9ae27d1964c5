using Feedback.Core.Trends;

namespace Feedback.Core.Tests.Trends;

public class TrendPeriodTests
{
    private static readonly DateOnly Wednesday = new(2025, 10, 1);

    [Fact]
    public void A_daily_series_has_one_bar_per_day()
    {
        var period = new TrendPeriod(Wednesday, Wednesday.AddDays(2), TrendGranularity.Day);

        Assert.Equal(
            [new(Wednesday, Wednesday), new(Wednesday.AddDays(1), Wednesday.AddDays(1)), new(Wednesday.AddDays(2), Wednesday.AddDays(2))],
            period.Buckets());
    }

    [Fact]
    public void A_weekly_series_runs_saturday_to_friday_cut_to_the_period()
    {
        var period = new TrendPeriod(Wednesday, Wednesday.AddDays(12), TrendGranularity.Week);

        Assert.Equal(
            [
                new TrendBucket(new(2025, 10, 1), new(2025, 10, 3)),
                new TrendBucket(new(2025, 10, 4), new(2025, 10, 10)),
                new TrendBucket(new(2025, 10, 11), new(2025, 10, 13)),
            ],
            period.Buckets());
    }

    [Fact]
    public void The_previous_period_is_as_long_and_ends_the_day_before()
    {
        var period = new TrendPeriod(Wednesday, Wednesday.AddDays(29), TrendGranularity.Week);

        var previous = period.Previous;

        Assert.Equal(Wednesday.AddDays(-30), previous.From);
        Assert.Equal(Wednesday.AddDays(-1), previous.To);
        Assert.Equal(30, previous.Days);
        Assert.Equal(TrendGranularity.Week, previous.Granularity);
    }

    [Fact]
    public void A_period_is_at_most_ninety_days_and_never_backwards()
    {
        Assert.Null(TrendPeriod.Problem(Wednesday, Wednesday.AddDays(TrendPeriod.MaxDays - 1)));
        Assert.NotNull(TrendPeriod.Problem(Wednesday, Wednesday.AddDays(TrendPeriod.MaxDays)));
        Assert.NotNull(TrendPeriod.Problem(Wednesday, Wednesday.AddDays(-1)));
        Assert.Throws<ArgumentException>(() => new TrendPeriod(Wednesday, Wednesday.AddDays(-1), TrendGranularity.Day));
    }

    [Fact]
    public void A_filter_matches_the_cells_of_every_dimension_it_sets()
    {
        var cell = new TrendCell("water", "negative", "zanjan-water-wastewater", "abhar", 2);

        Assert.True(TrendFilter.None.Matches(cell));
        Assert.True(new TrendFilter(Topic: "water", County: "abhar").Matches(cell));
        Assert.False(new TrendFilter(Topic: "water", Sentiment: "positive").Matches(cell));
        Assert.False(new TrendFilter(AgencyKey: "zanjan-gas").Matches(cell));
        Assert.False(new TrendFilter(County: "tarom").Matches(cell with { County = null }));
    }
}
