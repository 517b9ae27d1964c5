using Feedback.Core.Items;
using Feedback.Core.Time;

namespace Feedback.Core.Agencies;

/// <summary>Where a deadline stands at a moment: passed, ending today (Tehran day), or later.</summary>
public enum DeadlineState
{
    Ahead,
    DueToday,
    Overdue,
}

/// <summary>
/// The deadline an item in an inbox is waiting on, as staff read it. A deadline is an instant; most are the end of a
/// working day, Tehran midnight (<see cref="WorkingCalendar.DeadlineAfter"/>), which «۱۴۰۵/۰۹/۱۸ ۰۰:۰۰» would show
/// as if the 18th were still allowed: such a deadline reads «تا پایان ۱۴۰۵/۰۹/۱۷», the last day allowed.
/// </summary>
public sealed record SlaDeadline(SlaKind Kind, DateTimeOffset DueAt)
{
    /// <summary>The deadline an item of <paramref name="status"/> waits on: acknowledging while routed, resolving while open; none once closed.</summary>
    public static SlaDeadline? Next(FeedbackStatus status, string agencyKey, DateTimeOffset assignedAt, SlaPolicy sla)
    {
        ArgumentNullException.ThrowIfNull(sla);
        if (status == FeedbackStatus.Routed)
            return new(SlaKind.Acknowledge, sla.DueAt(SlaKind.Acknowledge, agencyKey, assignedAt));
        return AgencyWorkflow.IsOpen(status) ? new(SlaKind.Resolve, sla.DueAt(SlaKind.Resolve, agencyKey, assignedAt)) : null;
    }

    /// <summary>«تا پایان ۱۴۰۵/۰۹/۱۷» for a deadline at Tehran midnight, «تا ۱۴۰۵/۰۹/۱۸ ساعت ۱۴:۳۰» otherwise; Persian digits.</summary>
    public static string Until(DateTimeOffset dueAt)
    {
        var local = TimeZoneInfo.ConvertTime(dueAt, TehranTime.Zone);
        return local.TimeOfDay == TimeSpan.Zero
            ? $"تا پایان {TehranTime.JalaliDate(dueAt.AddDays(-1))}"
            : $"تا {TehranTime.JalaliDateTime(dueAt)}";
    }

    public string Until() => Until(DueAt);

    /// <summary>Overdue from the deadline on; due today while the last moment allowed falls on today's Tehran day.</summary>
    public DeadlineState StateAt(DateTimeOffset now)
    {
        if (now >= DueAt)
            return DeadlineState.Overdue;
        return WorkingCalendar.TehranDay(DueAt.AddTicks(-1)) == WorkingCalendar.TehranDay(now) ? DeadlineState.DueToday : DeadlineState.Ahead;
    }
}
