using Feedback.Core.Scorecard;
using Feedback.Core.Time;
using Feedback.Core.Trends;

namespace Feedback.Core.Tests.Scorecard;

public class ScorecardPeriodTests
{
    [Theory]
    [InlineData("1405-09", "1405-09", "آذر ۱۴۰۵", "1405/09/01", "1405/09/30")]
    [InlineData("۱۴۰۵-۰۹", "1405-09", "آذر ۱۴۰۵", "1405/09/01", "1405/09/30")]
    [InlineData("1405-q3", "1405-q3", "پاییز ۱۴۰۵", "1405/07/01", "1405/09/30")]
    [InlineData("1405-Q1", "1405-q1", "بهار ۱۴۰۵", "1405/01/01", "1405/03/31")]
    [InlineData("1405", "1405", "سال ۱۴۰۵", "1405/01/01", "1405/12/29")]
    public void A_period_is_read_from_its_address(string text, string key, string label, string from, string to)
    {
        var period = ScorecardPeriod.TryParse(text)!;

        Assert.Equal((key, label, from, to), (period.Key, period.Label, JalaliDays.Format(period.From), JalaliDays.Format(period.To)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1399")]
    [InlineData("1405-13")]
    [InlineData("1405-9")]
    [InlineData("1405-q5")]
    [InlineData("1405-09-01")]
    [InlineData("14050")]
    [InlineData("خرداد")]
    public void Anything_else_is_no_period(string text) => Assert.Null(ScorecardPeriod.TryParse(text));

    [Fact]
    public void The_choices_have_all_started_and_the_newest_month_comes_first()
    {
        var today = JalaliDays.TryParse("1405/09/16")!.Value;

        var choices = ScorecardPeriod.Choices(today);

        Assert.Equal("1405-09", choices[0].Key);
        Assert.All(choices, period => Assert.True(period.From <= today));
        Assert.Contains(choices, period => period.Key == "1404-12");
        Assert.Contains(choices, period => period.Key == "1405-q3");
        Assert.DoesNotContain(choices, period => period.Key == "1405-q4");
        Assert.Equal("1400", choices[^1].Key);
    }
}
