using Feedback.Core.Surveys;

namespace Feedback.Core.Tests.Surveys;

public class OpenSurveyWindowTests
{
    private static readonly DateTimeOffset ReplyAt = new(2025, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_reply_answers_the_most_recent_survey_sent_within_72_hours()
    {
        Survey[] surveys = [new("older", ReplyAt.AddHours(-50)), new("newest", ReplyAt.AddHours(-2)), new("middle", ReplyAt.AddHours(-20))];

        Assert.Equal("newest", new OpenSurveyWindow().SurveyAnswered(surveys, s => s.SentAt, ReplyAt)?.Id);
    }

    [Theory]
    [InlineData(0, "open")]
    [InlineData(72, "open")]
    [InlineData(73, null)]
    [InlineData(-1, null)]
    public void A_survey_is_open_from_its_sending_for_72_hours(int hoursBeforeReply, string? expected)
    {
        Survey[] surveys = [new("open", ReplyAt.AddHours(-hoursBeforeReply))];

        Assert.Equal(expected, new OpenSurveyWindow().SurveyAnswered(surveys, s => s.SentAt, ReplyAt)?.Id);
    }

    [Fact]
    public void A_survey_sent_after_the_reply_is_not_what_it_answers()
    {
        Survey[] surveys = [new("before", ReplyAt.AddHours(-30)), new("after", ReplyAt.AddMinutes(5))];

        Assert.Equal("before", new OpenSurveyWindow().SurveyAnswered(surveys, s => s.SentAt, ReplyAt)?.Id);
    }

    [Fact]
    public void With_no_open_survey_the_reply_is_feedback_on_its_own()
    {
        Assert.Null(new OpenSurveyWindow().SurveyAnswered(Array.Empty<Survey>(), s => s.SentAt, ReplyAt));
        Assert.Null(new OpenSurveyWindow().SurveyAnswered([new Survey("stale", ReplyAt.AddDays(-5))], s => s.SentAt, ReplyAt));
    }

    [Fact]
    public void The_window_length_is_configurable()
    {
        Survey[] surveys = [new("yesterday", ReplyAt.AddHours(-30))];

        Assert.Null(new OpenSurveyWindow(TimeSpan.FromHours(24)).SurveyAnswered(surveys, s => s.SentAt, ReplyAt));
        Assert.Equal("yesterday", new OpenSurveyWindow(TimeSpan.FromHours(48)).SurveyAnswered(surveys, s => s.SentAt, ReplyAt)?.Id);
    }

    [Fact]
    public void An_empty_window_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenSurveyWindow(TimeSpan.Zero));

    private sealed record Survey(string Id, DateTimeOffset SentAt);
}
