using Feedback.Core.Agencies;
using Feedback.Core.Items;

namespace Feedback.Core.Tests.Agencies;

public class SlaDeadlineTests
{
    private static readonly TimeSpan Tehran = TimeSpan.FromHours(3.5);
    private static readonly SlaPolicy Policy = new(new WorkingCalendar(WorkingCalendar.GovernmentWeekend, []), SlaTargets.Default);

    /// <summary>Tehran midnight starting 1405/09/18 (2026-12-09): the 17th is the last day allowed.</summary>
    private static readonly DateTimeOffset EndOfThe17th = new(2026, 12, 9, 0, 0, 0, Tehran);

    [Fact]
    public void A_deadline_at_midnight_reads_as_the_end_of_the_day_before()
    {
        Assert.Equal("تا پایان ۱۴۰۵/۰۹/۱۷", SlaDeadline.Until(EndOfThe17th));
    }

    [Fact]
    public void A_deadline_within_a_day_reads_with_its_time()
    {
        Assert.Equal("تا ۱۴۰۵/۰۹/۱۸ ساعت ۱۴:۳۰", SlaDeadline.Until(EndOfThe17th.AddHours(14.5)));
    }

    [Fact]
    public void On_the_last_day_allowed_it_is_due_today_and_from_midnight_overdue()
    {
        var deadline = new SlaDeadline(SlaKind.Resolve, EndOfThe17th);

        Assert.Equal(DeadlineState.Ahead, deadline.StateAt(EndOfThe17th.AddDays(-1).AddTicks(-1)));
        Assert.Equal(DeadlineState.DueToday, deadline.StateAt(EndOfThe17th.AddDays(-1)));
        Assert.Equal(DeadlineState.DueToday, deadline.StateAt(EndOfThe17th.AddTicks(-1)));
        Assert.Equal(DeadlineState.Overdue, deadline.StateAt(EndOfThe17th));
    }

    [Fact]
    public void A_routed_item_waits_on_acknowledgement_an_open_one_on_resolution_a_closed_one_on_nothing()
    {
        var assignedAt = TestItems.RoutedAt;

        var routed = SlaDeadline.Next(FeedbackStatus.Routed, TestItems.Water, assignedAt, Policy);
        var inProgress = SlaDeadline.Next(FeedbackStatus.InProgress, TestItems.Water, assignedAt, Policy);

        Assert.Equal(new SlaDeadline(SlaKind.Acknowledge, Policy.DueAt(SlaKind.Acknowledge, TestItems.Water, assignedAt)), routed);
        Assert.Equal(new SlaDeadline(SlaKind.Resolve, Policy.DueAt(SlaKind.Resolve, TestItems.Water, assignedAt)), inProgress);
        Assert.Null(SlaDeadline.Next(FeedbackStatus.Resolved, TestItems.Water, assignedAt, Policy));
        Assert.Null(SlaDeadline.Next(FeedbackStatus.Recorded, TestItems.Water, assignedAt, Policy));
    }
}
