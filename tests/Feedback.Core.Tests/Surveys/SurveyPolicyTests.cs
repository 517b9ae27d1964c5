using Feedback.Core.Notifications;
using Feedback.Core.Surveys;

namespace Feedback.Core.Tests.Surveys;

public class SurveyPolicyTests
{
    private static readonly TimeSpan Tehran = TimeSpan.FromHours(3.5);
    private static readonly DateTimeOffset Afternoon = new(2025, 1, 15, 14, 0, 0, Tehran);
    private static readonly DateTimeOffset LateEvening = new(2025, 1, 15, 23, 15, 0, Tehran);
    private static readonly DateTimeOffset NextMorning = new(2025, 1, 16, 8, 0, 0, Tehran);

    private readonly SurveyPolicy _policy = new();

    [Fact]
    public void A_phone_never_surveyed_is_surveyed_now_in_daytime() =>
        Assert.Equal(new SendSurvey(Afternoon), _policy.Decide(Afternoon, lastSurveyAt: null, optedOut: false));

    [Fact]
    public void A_survey_due_in_quiet_hours_is_deferred_to_their_end_not_dropped()
    {
        var decision = _policy.Decide(LateEvening, lastSurveyAt: null, optedOut: false);

        var send = Assert.IsType<SendSurvey>(decision);
        Assert.Equal(NextMorning, send.At);
        Assert.Equal(TimeSpan.Zero, send.At.Offset);
    }

    [Fact]
    public void An_opted_out_phone_is_skipped_whenever_it_was_last_surveyed()
    {
        Assert.Equal(new SkipOptedOut(), _policy.Decide(Afternoon, lastSurveyAt: null, optedOut: true));
        Assert.Equal(new SkipOptedOut(), _policy.Decide(Afternoon, Afternoon.AddDays(-1), optedOut: true));
        Assert.Equal(new SkipOptedOut(), _policy.Decide(LateEvening, lastSurveyAt: null, optedOut: true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(24 * 7 - 1)]
    public void A_phone_surveyed_within_the_last_seven_days_is_skipped_with_when_it_was(int hoursAgo)
    {
        var lastSurveyAt = Afternoon.AddHours(-hoursAgo);

        Assert.Equal(new SkipSurveyedRecently(lastSurveyAt), _policy.Decide(Afternoon, lastSurveyAt, optedOut: false));
    }

    [Theory]
    [InlineData(24 * 7)]
    [InlineData(24 * 30)]
    public void A_phone_last_surveyed_seven_days_ago_or_more_is_surveyed_again(int hoursAgo) =>
        Assert.Equal(new SendSurvey(Afternoon), _policy.Decide(Afternoon, Afternoon.AddHours(-hoursAgo), optedOut: false));

    [Fact]
    public void The_gap_and_quiet_hours_are_configurable()
    {
        var policy = new SurveyPolicy(new QuietHours(new TimeOnly(13, 0), new TimeOnly(15, 0)), TimeSpan.FromDays(1));

        Assert.Equal(new SendSurvey(new DateTimeOffset(2025, 1, 15, 15, 0, 0, Tehran)), policy.Decide(Afternoon, Afternoon.AddDays(-1), optedOut: false));
        Assert.IsType<SkipSurveyedRecently>(policy.Decide(Afternoon, Afternoon.AddHours(-23), optedOut: false));
    }

    [Fact]
    public void A_negative_gap_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SurveyPolicy(QuietHours.Default, TimeSpan.FromDays(-1)));
}
