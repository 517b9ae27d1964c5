namespace Feedback.Core.Surveys;

/// <summary>
/// How long a survey stays open for replies (72 hours by default): a reply from a phone answers the most recent
/// survey sent to it within that time, and with none open it is feedback on its own. A question staff asked about a
/// case stays open for <see cref="QuestionLength"/> (48 hours by default), the time its agency waits for the answer.
/// </summary>
public sealed class OpenSurveyWindow
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromHours(72);

    public static readonly TimeSpan DefaultQuestionLength = TimeSpan.FromHours(48);

    public OpenSurveyWindow(TimeSpan length, TimeSpan questionLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(questionLength, TimeSpan.Zero);
        Length = length;
        QuestionLength = questionLength;
    }

    public OpenSurveyWindow(TimeSpan length)
        : this(length, DefaultQuestionLength)
    {
    }

    public OpenSurveyWindow()
        : this(DefaultLength)
    {
    }

    public TimeSpan Length { get; }

    public TimeSpan QuestionLength { get; }

    /// <summary>How long a survey of <paramref name="purpose"/> stays open.</summary>
    public TimeSpan LengthOf(SurveyPurpose purpose) => purpose == SurveyPurpose.Question ? QuestionLength : Length;

    /// <summary>The longest any survey stays open: how far back a reply's surveys are looked for.</summary>
    public TimeSpan Longest => Length > QuestionLength ? Length : QuestionLength;

    /// <summary>The survey a reply received at <paramref name="replyAt"/> answers, each open for its purpose's length; null when none is open.</summary>
    public Survey? SurveyAnswered(IEnumerable<Survey> surveys, DateTimeOffset replyAt) =>
        surveys
            .Where(survey => survey.SendAt <= replyAt && replyAt - survey.SendAt <= LengthOf(survey.Purpose))
            .MaxBy(survey => survey.SendAt);

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
