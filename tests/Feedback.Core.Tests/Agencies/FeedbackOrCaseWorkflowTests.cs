using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Routing;

namespace Feedback.Core.Tests.Agencies;

/// <summary>A clerk turns feedback into a case and back; only cases have an SLA.</summary>
public class FeedbackOrCaseWorkflowTests
{
    private const string Staff = "demo-zanjan-water";
    private static readonly RoutingTable Routing = DemoRoutingData.CreateTable();
    private static readonly SlaPolicy Policy = new(new WorkingCalendar(WorkingCalendar.GovernmentWeekend, []), SlaTargets.Default);

    private static FeedbackItem Recorded() => TestItems.Routed() with
    {
        Text = "۵ خیلی ممنون",
        Rating = 5,
        Status = FeedbackStatus.Recorded,
        ClosedAt = TestItems.RoutedAt,
        Assessment = new Assessment("positive", 0.95, "water", 0.8, false, "None", TestItems.Water, "Province rule.", ItemKind.Feedback, CaseRule.Praise),
    };

    private static FeedbackItem Changed(FeedbackItem item, AgencyAction action, DateTimeOffset at) =>
        Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.Apply(item, action, Staff, at, Routing)).Item;

    [Fact]
    public void Feedback_is_never_late_however_long_it_stays()
    {
        Assert.Empty(Policy.NewBreaches(Recorded(), TestItems.RoutedAt.AddDays(90)));
        Assert.False(AgencyWorkflow.IsOpen(FeedbackStatus.Recorded));
    }

    [Fact]
    public void Feedback_offers_to_become_a_case_and_an_open_case_to_become_feedback()
    {
        Assert.Equal(["reassign", "correct", "to-case"], AgencyWorkflow.AllowedActions(Recorded()));
        Assert.Contains("to-feedback", AgencyWorkflow.AllowedActions(TestItems.Routed()));
        Assert.DoesNotContain("to-feedback", AgencyWorkflow.AllowedActions(TestItems.Routed() with { Status = FeedbackStatus.Resolved }));
    }

    [Fact]
    public void Feedback_made_a_case_is_routed_with_a_fresh_sla_clock_from_the_change()
    {
        var madeAt = TestItems.RoutedAt.AddDays(10);

        var made = Changed(Recorded(), new AgencyAction.MakeCase(), madeAt);

        Assert.Equal(FeedbackStatus.Routed, made.Status);
        Assert.Equal(ItemKind.Case, made.Assessment!.Kind);
        Assert.Equal(CaseRule.Staff, made.Assessment.KindReason);
        Assert.Null(made.ClosedAt);
        Assert.Equal(new KindChange(madeAt, ItemKind.Feedback, ItemKind.Case, Staff), Assert.Single(made.KindChanges));
        Assert.Equal(madeAt, AgencyWorkflow.AssignedAt(made));
        Assert.Empty(Policy.NewBreaches(made, madeAt.AddHours(1)));
        Assert.Equal(SlaKind.Acknowledge, Assert.Single(Policy.NewBreaches(made, madeAt.AddDays(7))).Kind);
    }

    [Fact]
    public void A_case_made_feedback_is_closed_and_its_sla_stops()
    {
        var at = TestItems.RoutedAt.AddHours(2);

        var made = Changed(TestItems.Routed(), new AgencyAction.MakeFeedback(), at);

        Assert.Equal(FeedbackStatus.Recorded, made.Status);
        Assert.Equal(ItemKind.Feedback, made.Assessment!.Kind);
        Assert.Equal(at, made.ClosedAt);
        Assert.Equal(FeedbackStatus.Recorded, made.History[^1].Status);
        Assert.Empty(Policy.NewBreaches(made, at.AddDays(60)));
    }

    [Fact]
    public void Reassigned_feedback_stays_feedback_at_its_new_agency()
    {
        var moved = Changed(Recorded(), new AgencyAction.Reassign(TestItems.Electricity, "قدردانی از کارکنان برق بود"), TestItems.RoutedAt.AddHours(1));

        Assert.Equal(FeedbackStatus.Recorded, moved.Status);
        Assert.Equal(TestItems.Electricity, moved.Assessment!.AgencyKey);
    }

    [Fact]
    public void A_case_cannot_be_made_a_case_again()
    {
        Assert.IsType<WorkflowOutcome.NotNow>(AgencyWorkflow.Apply(TestItems.Routed(), new AgencyAction.MakeCase(), Staff, TestItems.RoutedAt, Routing));
    }
}
