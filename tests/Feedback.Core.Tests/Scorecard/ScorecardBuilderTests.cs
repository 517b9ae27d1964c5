using Feedback.Core.Items;
using Feedback.Core.Scorecard;

namespace Feedback.Core.Tests.Scorecard;

public class ScorecardBuilderTests
{
    private const int K = ScorecardBuilder.MinimumGroupSize;
    private static readonly ScorecardPeriod Azar = ScorecardPeriod.Month(1405, 9);
    private static readonly ScorecardPeriod Autumn = ScorecardPeriod.Quarter(1405, 3);
    private static readonly ScorecardBuilder Builder = new(key => $"استان {key}", key => $"دستگاه {key}");

    [Fact]
    public void A_group_of_k_minus_one_items_is_hidden_and_a_group_of_k_is_shown()
    {
        var entries = Many(K, agency: "water", office: "office-1")
            .Concat(Many(K - 1, agency: "gas", office: "office-2"))
            .Concat(Many(K - 1, agency: "tax", office: "office-3"))
            .ToArray();

        var scorecard = Build(Azar, entries);

        var agency = Assert.Single(scorecard.Agencies.Rows);
        Assert.Equal(("zanjan/water", K), (agency.Key, agency.Volume));
        Assert.Equal(2, scorecard.Agencies.HiddenGroups);
        Assert.Equal("zanjan/office-1", Assert.Single(scorecard.CounterOffices.Rows).Key);
        Assert.Equal(2, scorecard.CounterOffices.HiddenGroups);
        Assert.Equal(3 * K - 2, Assert.Single(scorecard.Provinces.Rows).Volume);
    }

    [Fact]
    public void A_hidden_group_cannot_be_worked_out_by_subtracting_the_shown_agencies_from_the_province()
    {
        // Without more, the province (19) minus water (10) and gas (5) would give tax's 4.
        var entries = Many(10, agency: "water").Concat(Many(K, agency: "gas")).Concat(Many(K - 1, agency: "tax", sentiment: "negative")).ToArray();

        var scorecard = Build(Azar, entries);

        var province = Assert.Single(scorecard.Provinces.Rows);
        var shown = scorecard.Agencies.Rows;
        Assert.Equal(["zanjan/water"], shown.Select(row => row.Key));
        var unseen = province.Volume - shown.Sum(row => row.Volume);
        Assert.True(unseen >= K, $"the province minus its shown agencies leaves {unseen} items, which could be one hidden group");
        Assert.Equal(2, scorecard.Agencies.HiddenGroups);
    }

    [Fact]
    public void A_quarter_does_not_give_away_a_month_in_which_a_group_was_hidden()
    {
        var months = Autumn.Months();
        var entries = Many(10, agency: "water", day: months[0].From)
            .Concat(Many(10, agency: "water", day: months[1].From))
            .Concat(Many(2, agency: "water", day: months[2].From))
            .Concat(Many(10, agency: "gas", day: months[2].From))
            .Concat(Many(10, agency: "tax", day: months[2].From))
            .ToArray();

        var autumn = Build(Autumn, entries);
        var lastMonth = Build(months[2], entries);

        Assert.DoesNotContain(lastMonth.Agencies.Rows, row => row.Key == "zanjan/water");
        // Autumn (22) minus the first two months (10 + 10) would give the last month's hidden 2.
        Assert.DoesNotContain(autumn.Agencies.Rows, row => row.Key == "zanjan/water");
    }

    [Fact]
    public void Every_view_of_random_data_keeps_what_cannot_be_seen_at_zero_or_at_least_k()
    {
        var random = new Random(2104);
        var agencies = new[] { "water", "gas", "tax", "health", "police" };
        var days = Enumerable.Range(0, Autumn.To.DayNumber - Autumn.From.DayNumber + 1).Select(Autumn.From.AddDays).ToArray();
        for (var round = 0; round < 40; round++)
        {
            var entries = Enumerable.Range(0, random.Next(10, 120)).Select(_ => Entry(
                province: random.Next(4) == 0 ? "tehran" : "zanjan",
                agency: agencies[(int)Math.Floor(Math.Pow(random.NextDouble(), 2) * agencies.Length)],
                day: days[random.Next(days.Length)])).ToArray();

            foreach (var period in Autumn.Months().Append(Autumn))
            {
                var scorecard = Build(period, entries);
                Assert.All(scorecard.Agencies.Rows.Concat(scorecard.Provinces.Rows), row => Assert.True(row.Volume >= K));
                foreach (var province in scorecard.Provinces.Rows)
                {
                    var unseen = province.Volume - scorecard.Agencies.Rows.Where(row => row.ProvinceName == province.Name).Sum(row => row.Volume);
                    Assert.True(unseen == 0 || unseen >= K, $"round {round}, {period.Key}: {province.Key} minus its shown agencies leaves {unseen}");
                }
            }
            var monthly = Autumn.Months().Select(month => Build(month, entries).Agencies.Rows.ToDictionary(row => row.Key, row => row.Volume)).ToArray();
            foreach (var row in Build(Autumn, entries).Agencies.Rows)
            {
                var unseen = row.Volume - monthly.Sum(month => month.GetValueOrDefault(row.Key));
                Assert.True(unseen == 0 || unseen >= K, $"round {round}: {row.Key}'s quarter minus its shown months leaves {unseen}");
            }
        }
    }

    [Fact]
    public void A_year_minus_its_shown_quarters_and_months_gives_no_small_group()
    {
        var year = ScorecardPeriod.WholeYear(1405);
        var month = year.Months();
        // Water is hidden in Farvardin (2 items), so spring hides it too; summer shows it though Tir and Mordad hide
        // it (3 + 3 = 6). The year minus summer, Ordibehesht and Khordad would give Farvardin's 2.
        var entries = Many(2, agency: "water", day: month[0].From)
            .Concat(Many(10, agency: "water", day: month[1].From))
            .Concat(Many(10, agency: "water", day: month[2].From))
            .Concat(Many(3, agency: "water", day: month[3].From))
            .Concat(Many(3, agency: "water", day: month[4].From))
            .Concat(Many(10, agency: "water", day: month[5].From))
            .Concat(Many(K, agency: "gas", day: month[0].From))
            .Concat(Many(K, agency: "gas", day: month[3].From))
            .Concat(Many(K, agency: "gas", day: month[4].From))
            .ToArray();

        Assert.DoesNotContain(Build(year.Quarters()[0], entries).Agencies.Rows, row => row.Key == "zanjan/water");
        Assert.Contains(Build(year.Quarters()[1], entries).Agencies.Rows, row => row.Key == "zanjan/water");
        Assert.DoesNotContain(Build(year, entries).Agencies.Rows, row => row.Key == "zanjan/water");
    }

    [Fact]
    public void The_figures_are_medians_and_shares_of_the_groups_cases()
    {
        var assigned = new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
        ScorecardEntry[] entries =
        [
            Entry(sentiment: "negative", assigned: assigned, acknowledged: assigned.AddHours(2), closed: assigned.AddHours(30), status: FeedbackStatus.Resolved),
            Entry(sentiment: "negative", assigned: assigned, acknowledged: assigned.AddHours(4), closed: assigned.AddHours(50), status: FeedbackStatus.Rejected, slaMissed: true),
            Entry(assigned: assigned, acknowledged: assigned.AddHours(30), status: FeedbackStatus.InProgress),
            Entry(assigned: assigned, status: FeedbackStatus.Routed, slaMissed: true),
            Entry(sentiment: "positive", kind: ItemKind.Feedback, status: FeedbackStatus.Recorded, assigned: assigned, closed: assigned),
        ];

        var row = Assert.Single(Build(Azar, entries).Agencies.Rows);

        Assert.Equal(5, row.Volume);
        Assert.Equal(0.4, row.NegativeShare, 6);
        Assert.Equal(4, row.MedianHoursToAcknowledge!.Value, 6);
        Assert.Equal(40, row.MedianHoursToClose!.Value, 6);
        Assert.Equal(0.5, row.WithinSlaShare!.Value, 6);
    }

    [Fact]
    public void Without_resolution_answers_satisfaction_and_reopen_rate_are_not_known_rather_than_zero()
    {
        var resolved = Many(K, status: FeedbackStatus.Resolved).ToArray();

        var row = Assert.Single(Build(Azar, resolved).Agencies.Rows);

        Assert.Null(row.ResolutionSatisfaction);
        Assert.Equal(0, row.ResolutionAnswers);
        Assert.Null(row.ReopenRate);
    }

    [Fact]
    public void With_resolution_answers_satisfaction_is_their_mean_and_reopen_rate_the_share_reopened()
    {
        ScorecardEntry[] entries =
        [
            Entry(status: FeedbackStatus.Resolved, rating: 5),
            Entry(status: FeedbackStatus.Resolved, rating: 4),
            Entry(status: FeedbackStatus.InProgress, rating: 1, reopens: 1),
            Entry(status: FeedbackStatus.Resolved),
            Entry(status: FeedbackStatus.Routed),
        ];

        var row = Assert.Single(Build(Azar, entries).Agencies.Rows);

        Assert.Equal(10 / 3.0, row.ResolutionSatisfaction!.Value, 6);
        Assert.Equal(3, row.ResolutionAnswers);
        Assert.Equal(1 / 4.0, row.ReopenRate!.Value, 6);
    }

    [Fact]
    public void Entries_outside_the_period_are_not_counted()
    {
        var entries = Many(K).Concat(Many(3, day: Azar.To.AddDays(1))).ToArray();

        Assert.Equal(K, Assert.Single(Build(Azar, entries).Provinces.Rows).Volume);
    }

    private static ScorecardReport Build(ScorecardPeriod period, IReadOnlyList<ScorecardEntry> entries) =>
        Builder.Build(period, entries, [period], DateTimeOffset.UnixEpoch);

    private static IEnumerable<ScorecardEntry> Many(int count, string agency = "water", string? office = null, string sentiment = "neutral", DateOnly? day = null, FeedbackStatus status = FeedbackStatus.Routed) =>
        Enumerable.Range(0, count).Select(_ => Entry(agency: agency, office: office, sentiment: sentiment, day: day, status: status));

    private static ScorecardEntry Entry(
        string province = "zanjan",
        string agency = "water",
        string? office = null,
        string sentiment = "neutral",
        DateOnly? day = null,
        ItemKind kind = ItemKind.Case,
        FeedbackStatus status = FeedbackStatus.Routed,
        DateTimeOffset? assigned = null,
        DateTimeOffset? acknowledged = null,
        DateTimeOffset? closed = null,
        bool slaMissed = false,
        int? rating = null,
        int reopens = 0) =>
        new(province, day ?? Azar.From.AddDays(3), agency, office, sentiment, kind, status, assigned, acknowledged, closed, slaMissed, rating, reopens);
}
