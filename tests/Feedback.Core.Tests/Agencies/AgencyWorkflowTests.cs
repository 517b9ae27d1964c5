using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Routing;

namespace Feedback.Core.Tests.Agencies;

public class AgencyWorkflowTests
{
    private const string Staff = "demo-zanjan-water";
    private static readonly RoutingTable Routing = DemoRoutingData.CreateTable();
    private static readonly DateTimeOffset Now = TestItems.RoutedAt.AddHours(3);

    private static FeedbackItem Changed(WorkflowOutcome outcome) => Assert.IsType<WorkflowOutcome.Changed>(outcome).Item;

    private static WorkflowOutcome Apply(FeedbackItem item, AgencyAction action) => AgencyWorkflow.Apply(item, action, Staff, Now, Routing);

    [Fact]
    public void Acknowledging_a_routed_item_records_when_and_tells_the_status_page()
    {
        var item = Changed(Apply(TestItems.Routed(), new AgencyAction.Acknowledge()));

        Assert.Equal(FeedbackStatus.Acknowledged, item.Status);
        Assert.Equal(Now, item.AcknowledgedAt);
        Assert.Equal(new StatusChange(Now, FeedbackStatus.Acknowledged, "دستگاه رسیدگی‌کننده پیام را رؤیت کرد"), item.History[^1]);
    }

    [Fact]
    public void Resolving_keeps_the_reply_closes_the_item_and_shows_the_reply_in_its_history()
    {
        var started = Changed(Apply(TestItems.Routed(), new AgencyAction.StartWork()));

        var resolved = Changed(Apply(started, new AgencyAction.Resolve("  لوله اصلی تعمیر شد و آب وصل است.\r\n")));

        Assert.Equal(FeedbackStatus.Resolved, resolved.Status);
        Assert.Equal("لوله اصلی تعمیر شد و آب وصل است.", resolved.AgencyReply);
        Assert.Equal(Now, resolved.ClosedAt);
        Assert.Equal(started.AcknowledgedAt, resolved.AcknowledgedAt);
        Assert.Contains(resolved.AgencyReply!, resolved.History[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolving_straight_from_routed_counts_as_acknowledged_too()
    {
        var resolved = Changed(Apply(TestItems.Routed(), new AgencyAction.Resolve("انجام شد")));

        Assert.Equal(Now, resolved.AcknowledgedAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("پاسخ\u0007")]
    public void A_resolution_needs_a_reply_a_citizen_can_read(string? reply)
    {
        var outcome = Apply(TestItems.Routed(), new AgencyAction.Resolve(reply));

        Assert.Equal("reply", Assert.Single(Assert.IsType<WorkflowOutcome.Invalid>(outcome).Errors).Field);
    }

    [Fact]
    public void A_reply_longer_than_the_limit_is_refused()
    {
        var outcome = Apply(TestItems.Routed(), new AgencyAction.Resolve(new string('آ', AgencyWorkflow.MaxReplyLength + 1)));

        Assert.IsType<WorkflowOutcome.Invalid>(outcome);
    }

    [Fact]
    public void A_rejection_keeps_its_reason_for_the_citizen()
    {
        var rejected = Changed(Apply(TestItems.Routed(), new AgencyAction.Reject("این موضوع در حیطه وظایف شرکت آب نیست")));

        Assert.Equal(FeedbackStatus.Rejected, rejected.Status);
        Assert.Equal("این موضوع در حیطه وظایف شرکت آب نیست", rejected.RejectionReason);
        Assert.Contains(rejected.RejectionReason!, rejected.History[^1].Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FeedbackStatus.Resolved)]
    [InlineData(FeedbackStatus.Rejected)]
    public void A_closed_item_takes_no_status_action(FeedbackStatus closed)
    {
        var item = TestItems.Routed() with { Status = closed };

        foreach (AgencyAction action in (AgencyAction[])[new AgencyAction.Acknowledge(), new AgencyAction.StartWork(), new AgencyAction.Resolve("x"), new AgencyAction.Reject("x"), new AgencyAction.Reassign(TestItems.Electricity, "x")])
            Assert.IsType<WorkflowOutcome.NotNow>(Apply(item, action));
        Assert.Equal(["correct"], AgencyWorkflow.AllowedActions(item));
    }

    [Fact]
    public void An_item_is_acknowledged_once()
    {
        var acknowledged = Changed(Apply(TestItems.Routed(), new AgencyAction.Acknowledge()));

        Assert.IsType<WorkflowOutcome.NotNow>(Apply(acknowledged, new AgencyAction.Acknowledge()));
    }

    [Fact]
    public void An_item_not_yet_routed_takes_no_action()
    {
        var received = TestItems.Routed() with { Status = FeedbackStatus.Received, Assessment = null };

        Assert.IsType<WorkflowOutcome.NotNow>(Apply(received, new AgencyAction.Acknowledge()));
        Assert.Empty(AgencyWorkflow.AllowedActions(received));
    }

    [Fact]
    public void Reassigning_moves_the_item_records_the_routing_mistake_and_restarts_the_clock()
    {
        var acknowledged = Changed(Apply(TestItems.Routed(), new AgencyAction.Acknowledge()));

        var moved = Changed(Apply(acknowledged, new AgencyAction.Reassign(TestItems.Electricity, "قطعی برق است، نه آب")));

        Assert.Equal(FeedbackStatus.Routed, moved.Status);
        Assert.Equal(TestItems.Electricity, moved.Assessment!.AgencyKey);
        Assert.Null(moved.AcknowledgedAt);
        Assert.Equal(new Reassignment(Now, TestItems.Water, TestItems.Electricity, "water", "قطعی برق است، نه آب", Staff), Assert.Single(moved.Reassignments));
        Assert.Equal(Now, AgencyWorkflow.AssignedAt(moved));
        Assert.Contains("شرکت توزیع نیروی برق استان زنجان", moved.History[^1].Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "agency")]
    [InlineData("no-such-agency", "agency")]
    [InlineData(TestItems.Water, "agency")]
    public void A_reassignment_names_another_agency_of_the_routing_data(string? agency, string field)
    {
        var outcome = Apply(TestItems.Routed(), new AgencyAction.Reassign(agency, "دلیل"));

        Assert.Contains(Assert.IsType<WorkflowOutcome.Invalid>(outcome).Errors, error => error.Field == field);
    }

    [Fact]
    public void A_reassignment_stays_in_the_items_province()
    {
        var tehranAgency = new Agency("tehran-water", "شرکت آب و فاضلاب استان تهران", "tehran");
        var routing = new RoutingTable([.. DemoRoutingData.Agencies, tehranAgency], DemoRoutingData.Rules, DemoRoutingData.Secretariats);

        var outcome = AgencyWorkflow.Apply(TestItems.Routed(), new AgencyAction.Reassign(tehranAgency.Key, "دلیل"), Staff, Now, routing);

        Assert.Contains("another province", Assert.Single(Assert.IsType<WorkflowOutcome.Invalid>(outcome).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reassignment_needs_its_reason()
    {
        var outcome = Apply(TestItems.Routed(), new AgencyAction.Reassign(TestItems.Electricity, " "));

        Assert.Equal("reason", Assert.Single(Assert.IsType<WorkflowOutcome.Invalid>(outcome).Errors).Field);
    }

    [Fact]
    public void Correcting_the_topic_keeps_both_labels_and_clears_the_review_flag_without_a_history_step()
    {
        var item = TestItems.Routed() with { Assessment = TestItems.Routed().Assessment! with { NeedsReview = true, ReviewReason = "LowConfidence" } };

        var corrected = Changed(Apply(item, new AgencyAction.CorrectLabels(null, "electricity")));

        Assert.Equal("electricity", corrected.Assessment!.Topic);
        Assert.Equal(1.0, corrected.Assessment.TopicProbability);
        Assert.Equal("negative", corrected.Assessment.Sentiment);
        Assert.Equal(0.9, corrected.Assessment.SentimentProbability);
        Assert.False(corrected.Assessment.NeedsReview);
        Assert.Equal(new LabelCorrection(Now, "negative", "negative", "water", "electricity", Staff), Assert.Single(corrected.LabelCorrections));
        Assert.Equal(item.History, corrected.History);
        Assert.Equal(item.Status, corrected.Status);
    }

    [Theory]
    [InlineData(null, null, "body")]
    [InlineData("angry", null, "sentiment")]
    [InlineData(null, "weather", "topic")]
    public void A_correction_uses_the_taxonomys_keys(string? sentiment, string? topic, string field)
    {
        var outcome = Apply(TestItems.Routed(), new AgencyAction.CorrectLabels(sentiment, topic));

        Assert.Equal(field, Assert.Single(Assert.IsType<WorkflowOutcome.Invalid>(outcome).Errors).Field);
    }

    [Fact]
    public void A_closed_item_can_still_have_its_labels_corrected()
    {
        var resolved = Changed(Apply(TestItems.Routed(), new AgencyAction.Resolve("انجام شد")));

        var corrected = Changed(Apply(resolved, new AgencyAction.CorrectLabels("neutral", null)));

        Assert.Equal("neutral", corrected.Assessment!.Sentiment);
        Assert.Equal(FeedbackStatus.Resolved, corrected.Status);
    }
}
