namespace Feedback.Functions.CustomHandler;

/// <summary>
/// A timer invocation as the host describes it: whether it runs later than scheduled (e.g. after a restart) and,
/// when the schedule monitor is on, the last and next occurrences.
/// </summary>
public sealed record TimerScheduleStatus(bool IsPastDue, DateTimeOffset? Last, DateTimeOffset? Next, DateTimeOffset? LastUpdated);
