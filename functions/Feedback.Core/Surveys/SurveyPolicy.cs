using Feedback.Core.Notifications;

namespace Feedback.Core.Surveys;

/// <summary>
/// Whether a citizen gets a survey SMS after a public service, and when: never after opting out, at most one per
/// <see cref="MinimumGap"/> (7 days by default) so that frequent visitors are not pestered, and never in quiet
/// hours: a survey due then is sent when they end.
/// </summary>
public sealed class SurveyPolicy
{
    public static readonly TimeSpan DefaultMinimumGap = TimeSpan.FromDays(7);

    public SurveyPolicy(QuietHours quietHours, TimeSpan minimumGap)
    {
        ArgumentNullException.ThrowIfNull(quietHours);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumGap, TimeSpan.Zero);
        QuietHours = quietHours;
        MinimumGap = minimumGap;
    }

    public SurveyPolicy()
        : this(QuietHours.Default, DefaultMinimumGap)
    {
    }

    public QuietHours QuietHours { get; }

    public TimeSpan MinimumGap { get; }

    /// <param name="now">When the service was completed and the survey would go.</param>
    /// <param name="lastSurveyAt">When this phone was last sent a survey, or null if never.</param>
    /// <param name="optedOut">Whether the phone's owner opted out of surveys.</param>
    public SurveyDecision Decide(DateTimeOffset now, DateTimeOffset? lastSurveyAt, bool optedOut)
    {
        if (optedOut)
            return new SkipOptedOut();
        if (lastSurveyAt is { } last && now - last < MinimumGap)
            return new SkipSurveyedRecently(last);
        return new SendSurvey(QuietHours.NextAllowedSend(now));
    }
}
