namespace Feedback.Core.Surveys;

/// <summary>What <see cref="SurveyPolicy"/> decided for one completed service: send the survey SMS, and when, or skip it.</summary>
public abstract record SurveyDecision;

/// <summary>Send at <see cref="At"/> (UTC): now, or the end of the quiet hours the service was completed in.</summary>
public sealed record SendSurvey(DateTimeOffset At) : SurveyDecision;

/// <summary>The citizen opted out of surveys.</summary>
public sealed record SkipOptedOut : SurveyDecision;

/// <summary>The phone was surveyed at <see cref="LastSurveyAt"/>, within the minimum gap between surveys.</summary>
public sealed record SkipSurveyedRecently(DateTimeOffset LastSurveyAt) : SurveyDecision;
