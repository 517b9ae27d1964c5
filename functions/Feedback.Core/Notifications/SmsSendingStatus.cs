namespace Feedback.Core.Notifications;

/// <summary>Whether sending SMS was paused at the last attempt, and why: the health check reports degraded while it is.</summary>
public sealed class SmsSendingStatus
{
    private volatile string? pausedBecause;

    public string? PausedBecause => pausedBecause;

    public void Report(string? pausedReason) => pausedBecause = pausedReason;
}
