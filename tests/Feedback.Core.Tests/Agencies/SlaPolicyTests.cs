using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Routing;

namespace Feedback.Core.Tests.Agencies;

public class SlaPolicyTests
{
    private static readonly SlaPolicy Policy = new(new WorkingCalendar(WorkingCalendar.GovernmentWeekend, []), SlaTargets.Default);

    /// <summary>Routed Saturday 2026-11-21: acknowledge by the end of Monday 23rd, resolve 15 working days later.</summary>
    private static readonly DateTimeOffset AcknowledgeDue = new(2026, 11, 24, 0, 0, 0, TimeSpan.FromHours(3.5));

    [Fact]
    public void An_item_still_routed_after_its_deadline_is_late_for_acknowledgement_only()
    {
        var item = TestItems.Routed();

        var flags = Policy.NewBreaches(item, AcknowledgeDue);

        var flag = Assert.Single(flags);
        Assert.Equal(new SlaFlag(SlaKind.Acknowledge, TestItems.Water, TestItems.RoutedAt, AcknowledgeDue, AcknowledgeDue), flag);
    }

    [Fact]
    public void Before_the_deadline_nothing_is_late()
    {
        Assert.Empty(Policy.NewBreaches(TestItems.Routed(), AcknowledgeDue.AddTicks(-1)));
    }

    [Fact]
    public void An_acknowledged_item_is_never_late_for_acknowledgement()
    {
        var acknowledged = TestItems.Routed() with { Status = FeedbackStatus.Acknowledged, AcknowledgedAt = TestItems.RoutedAt };

        Assert.Empty(Policy.NewBreaches(acknowledged, AcknowledgeDue.AddDays(3)));
    }

    [Fact]
    public void An_open_item_past_its_resolution_deadline_is_late_for_resolution_and_a_closed_one_is_not()
    {
        var resolveDue = Policy.DueAt(SlaKind.Resolve, TestItems.Water, TestItems.RoutedAt);
        var inProgress = TestItems.Routed() with { Status = FeedbackStatus.InProgress, AcknowledgedAt = TestItems.RoutedAt };

        Assert.Equal(SlaKind.Resolve, Assert.Single(Policy.NewBreaches(inProgress, resolveDue)).Kind);
        Assert.Empty(Policy.NewBreaches(inProgress with { Status = FeedbackStatus.Resolved }, resolveDue));
        Assert.True(resolveDue >= TestItems.RoutedAt.AddDays(15));
    }

    [Fact]
    public void A_breach_is_flagged_once()
    {
        var item = TestItems.Routed();
        var flagged = item with { SlaFlags = Policy.NewBreaches(item, AcknowledgeDue) };

        Assert.Empty(Policy.NewBreaches(flagged, AcknowledgeDue.AddDays(1)));
    }

    [Fact]
    public void A_reassigned_item_gives_its_new_agency_a_fresh_clock()
    {
        var item = TestItems.Routed();
        var flagged = item with { SlaFlags = Policy.NewBreaches(item, AcknowledgeDue) };
        var moved = Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.Apply(flagged, new AgencyAction.Reassign(TestItems.Electricity, "برق است"), "staff", AcknowledgeDue, DemoRoutingData.CreateTable())).Item;

        Assert.Empty(SlaPolicy.CurrentFlags(moved));
        Assert.Empty(Policy.NewBreaches(moved, AcknowledgeDue.AddDays(1)));
        var newDue = Policy.DueAt(SlaKind.Acknowledge, TestItems.Electricity, AcknowledgeDue);
        Assert.Equal(TestItems.Electricity, Assert.Single(Policy.NewBreaches(moved, newDue)).AgencyKey);
    }

    [Fact]
    public void An_agency_with_its_own_targets_is_held_to_them()
    {
        var policy = new SlaPolicy(Policy.Calendar, SlaTargets.Default, new Dictionary<string, SlaTargets> { [TestItems.Water] = new(1, 5) });

        Assert.Equal(AcknowledgeDue.AddDays(-1), policy.DueAt(SlaKind.Acknowledge, TestItems.Water, TestItems.RoutedAt));
        Assert.Equal(AcknowledgeDue, policy.DueAt(SlaKind.Acknowledge, TestItems.Electricity, TestItems.RoutedAt));
        Assert.Equal(TimeSpan.FromDays(1), policy.LeastTime);
    }

    [Fact]
    public void Targets_that_resolve_before_they_acknowledge_are_refused() =>
        Assert.Throws<ArgumentException>(() => new SlaPolicy(Policy.Calendar, new SlaTargets(5, 2)));
}
