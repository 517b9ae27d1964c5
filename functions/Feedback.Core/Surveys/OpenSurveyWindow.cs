namespace Feedback.Core.Surveys;

/// <summary>
/// How long a survey stays open for replies (72 hours by default): a reply from a phone answers the most recent
/// survey sent to it within that time, and with none open it is feedback on its own.
/// </summary>
public sealed class OpenSurveyWindow
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromHours(72);

    public OpenSurveyWindow(TimeSpan length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        Length = length;
    }

    public OpenSurveyWindow()
        : this(DefaultLength)
    {
    }

    public TimeSpan Length { get; }

    /// <summary>
    /// Among the surveys sent to the replying phone, the one the reply received at <paramref name="replyAt"/> answers:
    /// the most recent sent no later than the reply and at most <see cref="Length"/> before it (the first listed on a tie);
    /// null when none is open.
    /// </summary>
    public TSurvey? SurveyAnswered<TSurvey>(IEnumerable<TSurvey> surveys, Func<TSurvey, DateTimeOffset> sentAt, DateTimeOffset replyAt)
        where TSurvey : class =>
        surveys
            .Where(survey => sentAt(survey) <= replyAt && replyAt - sentAt(survey) <= Length)
            .MaxBy(sentAt);
}
