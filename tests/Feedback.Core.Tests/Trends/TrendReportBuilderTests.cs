using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Core.Trends;

namespace Feedback.Core.Tests.Trends;

public class TrendReportBuilderTests
{
    private const string Water = "zanjan-water-wastewater";
    private const string Gas = "zanjan-gas";

    private static readonly DateOnly First = new(2025, 10, 4);
    private static readonly TrendPeriod Week = new(First, First.AddDays(6), TrendGranularity.Day);
    private static readonly TrendLabels Labels = new(Provinces.ZanjanKey, DemoRoutingData.CreateTable());

    private static TrendCount Count(int dayOffset, string topic, string sentiment, long count, string agency = Water, string? county = "abhar", int? rating = null) =>
        new(First.AddDays(dayOffset), new TrendCell(topic, sentiment, agency, county, rating), count);

    private static TrendReport Build(IReadOnlyList<TrendCount> counts, TrendFilter? filter = null, IReadOnlyList<SlaBreach>? breaches = null, TrendPeriod? period = null) =>
        TrendReportBuilder.Build(period ?? Week, filter ?? TrendFilter.None, counts, breaches ?? [], Labels);

    [Fact]
    public void Totals_add_up_the_periods_counters_with_shares_and_the_mean_rating()
    {
        var report = Build(
        [
            Count(0, "water", "negative", 6, rating: 1),
            Count(1, "water", "positive", 3, rating: 5),
            Count(2, "gas", "neutral", 1, Gas),
            Count(-1, "water", "negative", 50),
            Count(7, "water", "negative", 50),
        ]);

        Assert.Equal(new TrendTally(10, 6, 1, 3, 9, 21), report.Totals);
        Assert.Equal(0.6, report.Totals.NegativeShare);
        Assert.Equal(0.3, report.Totals.PositiveShare);
        Assert.Equal(21.0 / 9, report.Totals.AverageRating);
        Assert.Equal(50, report.PreviousTotals.Volume);
        Assert.Equal("زنجان", report.ProvinceLabel);
        Assert.Equal("1404/07/12", report.Period.FromJalali);
    }

    [Fact]
    public void Nothing_counted_gives_zero_volume_and_no_shares_or_mean()
    {
        var report = Build([]);

        Assert.Equal(TrendTally.Empty, report.Totals);
        Assert.Null(report.Totals.NegativeShare);
        Assert.Null(report.Totals.AverageRating);
        Assert.Equal(7, report.Series.Count);
        Assert.All(report.Series, point => Assert.Equal(0, point.Tally.Volume));
    }

    [Fact]
    public void The_series_has_a_bar_per_bucket_with_its_days_counts_and_jalali_dates()
    {
        var weekly = new TrendPeriod(First.AddDays(-3), First.AddDays(6), TrendGranularity.Week);

        var report = Build([Count(-3, "water", "negative", 2), Count(-1, "water", "positive", 1), Count(0, "gas", "negative", 4, Gas), Count(6, "gas", "neutral", 5, Gas)], period: weekly);

        Assert.Equal([3, 9], report.Series.Select(point => point.Tally.Volume));
        Assert.Equal(["1404/07/09", "1404/07/12"], report.Series.Select(point => point.StartJalali));
        Assert.Equal(["1404/07/11", "1404/07/18"], report.Series.Select(point => point.EndJalali));
        Assert.Equal(new TrendTally(9, 4, 5, 0, 0, 0), report.Series[1].Tally);
    }

    [Fact]
    public void Breakdowns_list_the_busiest_first_with_persian_names()
    {
        var report = Build(
        [
            Count(0, "water", "negative", 2),
            Count(1, "gas", "negative", 5, Gas, county: null),
            Count(2, "gas", "positive", 1, Gas, county: "tarom", rating: 4),
        ]);

        Assert.Equal(["gas", "water"], report.ByTopic.Select(row => row.Key));
        Assert.Equal(["گاز", "آب و فاضلاب"], report.ByTopic.Select(row => row.Label));
        Assert.Equal("شرکت گاز استان زنجان", report.ByAgency[0].Label);
        Assert.Equal([null, "abhar", "tarom"], report.ByCounty.Select(row => row.Key));
        Assert.Equal([TrendLabels.NoCounty, "ابهر", "طارم"], report.ByCounty.Select(row => row.Label));
        Assert.Equal(4.0, report.ByCounty[2].Tally.AverageRating);
    }

    [Fact]
    public void A_filter_narrows_every_figure_of_the_view()
    {
        var report = Build(
            [Count(0, "water", "negative", 2), Count(1, "water", "positive", 3, county: "tarom"), Count(2, "gas", "negative", 5, Gas)],
            new TrendFilter(Topic: "water", County: "tarom"));

        Assert.Equal(3, report.Totals.Volume);
        Assert.Equal(3, report.Series.Sum(point => point.Tally.Volume));
        Assert.Equal(["water"], report.ByTopic.Select(row => row.Key));
        Assert.Equal(["tarom"], report.ByCounty.Select(row => row.Key));
    }

    [Fact]
    public void Rising_topics_are_those_whose_negative_share_rose_most_with_enough_items_in_both_periods()
    {
        var report = Build(
        [
            // water: 20% → 80% negative (+60 points).
            Count(-2, "water", "negative", 1), Count(-2, "water", "positive", 4),
            Count(1, "water", "negative", 8), Count(1, "water", "positive", 2),
            // gas: 50% → 60% (+10 points).
            Count(-3, "gas", "negative", 5, Gas), Count(-3, "gas", "neutral", 5, Gas),
            Count(2, "gas", "negative", 6, Gas), Count(2, "gas", "neutral", 4, Gas),
            // health: fell (60% → 20%).
            Count(-1, "health", "negative", 3), Count(-1, "health", "neutral", 2),
            Count(3, "health", "negative", 1), Count(3, "health", "neutral", 4),
            // education: 0% → 100%, but only 4 items before: not compared.
            Count(-1, "education", "positive", 4),
            Count(4, "education", "negative", 9),
        ]);

        Assert.Equal(["water", "gas"], report.RisingNegative.Select(rise => rise.Topic));
        var water = report.RisingNegative[0];
        Assert.Equal("آب و فاضلاب", water.Label);
        Assert.Equal(0.8, water.NegativeShare, 10);
        Assert.Equal(0.2, water.PreviousNegativeShare, 10);
        Assert.Equal(0.6, water.Rise, 10);
        Assert.Equal((10, 5), (water.Volume, water.PreviousVolume));
    }

    [Fact]
    public void Sla_breaches_are_counted_by_kind_and_agency_and_narrowed_by_agency_and_topic()
    {
        var flagged = new DateTimeOffset(2025, 10, 5, 8, 0, 0, TimeSpan.Zero);
        SlaBreach[] breaches =
        [
            new(TrackingCode.FromCanonical("1000000018")!, Water, SlaBreach.Acknowledge, "water", flagged.AddHours(-4), flagged),
            new(TrackingCode.FromCanonical("1000000026")!, Water, SlaBreach.Resolve, "water", flagged.AddHours(-2), flagged.AddHours(2)),
            new(TrackingCode.FromCanonical("1000000039")!, Gas, SlaBreach.Resolve, "gas", flagged.AddHours(-1), flagged.AddHours(1)),
        ];

        var all = Build([], breaches: breaches).SlaBreaches;
        var water = Build([], new TrendFilter(AgencyKey: Water), breaches).SlaBreaches;
        var gasTopic = Build([], new TrendFilter(Topic: "gas", Sentiment: "negative", County: "abhar"), breaches).SlaBreaches;

        Assert.Equal((3, 1, 2), (all.Total, all.Acknowledge, all.Resolve));
        Assert.Equal([Water, Gas], all.ByAgency.Select(row => row.AgencyKey));
        Assert.Equal((1, 1), (all.ByAgency[0].Acknowledge, all.ByAgency[0].Resolve));
        Assert.Equal(["1000000026", "1000000039", "1000000018"], all.Latest.Select(row => row.TrackingCode));
        Assert.Equal("شرکت آب و فاضلاب استان زنجان", all.Latest[0].AgencyLabel);
        Assert.Equal("1404/07/13 13:30", all.Latest[0].FlaggedAtJalali);
        Assert.Equal(2, water.Total);
        Assert.Equal(["1000000039"], gasTopic.Latest.Select(row => row.TrackingCode));
    }

    [Fact]
    public void The_choices_offer_every_topic_and_the_provinces_agencies_and_counties()
    {
        var choices = Build([]).Choices;

        Assert.Equal(14, choices.Topics.Count);
        Assert.Equal(3, choices.Sentiments.Count);
        Assert.Contains(choices.Agencies, choice => choice.Key == Water);
        Assert.Contains(choices.Counties, choice => choice.Key == "abhar" && choice.Label == "ابهر");
    }
}
