using Feedback.Core.Agencies;
using Feedback.Core.Notifications;
using Feedback.Core.Routing;
using Feedback.Core.Time;

namespace Feedback.Core.Tests.Agencies;

public class StatusNoticesTests
{
    private static readonly DateTimeOffset Now = TestItems.RoutedAt.AddHours(2);
    private static readonly RoutingTable Routing = DemoRoutingData.CreateTable();
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(3);
    private static readonly PublicPages Pages = new(new Uri("https://feedback.example.ir/"));

    private static Core.Items.FeedbackItem Act(Core.Items.FeedbackItem item, AgencyAction action, DateTimeOffset? at = null) =>
        Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.Apply(item, action, "staff", at ?? Now, Routing)).Item;

    [Fact]
    public void A_resolution_owes_the_citizen_one_sms_with_the_reply_keyed_by_its_history_step()
    {
        var resolved = Act(TestItems.Routed(), new AgencyAction.Resolve("کنتور شما تعویض شد"));

        var sms = Assert.Single(StatusNotices.Pending(resolved, Routing, Pages, Window)).Sms;

        Assert.Equal($"{resolved.TrackingCode}-status-2", sms.Key);
        Assert.Equal(SmsKind.StatusUpdate, sms.Kind);
        Assert.Equal(resolved.EncryptedPhone, sms.EncryptedPhone);
        Assert.Equal(SmsTemplates.StatusChanged(resolved.TrackingCode, NotifiedStatus.Resolved, "کنتور شما تعویض شد", Now), sms.Text);
        Assert.Contains(TehranTime.PersianDigits(resolved.TrackingCode.Value), sms.Text, StringComparison.Ordinal);
        Assert.True(StatusNotices.AnyPending(resolved));
    }

    [Fact]
    public void Steps_already_queued_are_not_owed_again()
    {
        var acknowledged = Act(TestItems.Routed(), new AgencyAction.Acknowledge());
        var queued = acknowledged with { NoticesQueued = acknowledged.History.Count };

        var rejected = Act(queued, new AgencyAction.Reject("خارج از وظایف این دستگاه"));

        var sms = Assert.Single(StatusNotices.Pending(rejected, Routing, Pages, Window)).Sms;
        Assert.Equal($"{rejected.TrackingCode}-status-3", sms.Key);
        Assert.Contains("پذیرفته نشد", sms.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reassignment_tells_the_citizen_which_agency_has_it_now_and_waits_out_the_window()
    {
        var moved = Act(TestItems.Routed(), new AgencyAction.Reassign(TestItems.Electricity, "برق است"));

        var (sms, notBefore) = Assert.Single(StatusNotices.Pending(moved, Routing, Pages, Window));

        Assert.Equal(SmsTemplates.Reassigned(moved.TrackingCode, Routing.FindAgency(TestItems.Electricity)!.PersianName, Now), sms.Text);
        Assert.Contains("برق", sms.Text, StringComparison.Ordinal);
        Assert.Equal(Now + Window, notBefore);
    }

    [Fact]
    public void Routing_and_feedback_changes_owe_no_status_sms()
    {
        Assert.Empty(StatusNotices.Pending(TestItems.Routed(), Routing, Pages, Window));
        Assert.Empty(StatusNotices.Pending(Act(TestItems.Routed(), new AgencyAction.MakeFeedback()), Routing, Pages, Window));
    }

    [Fact]
    public void Steps_within_the_window_go_as_one_sms_with_the_latest_state_and_a_resolution_goes_at_once()
    {
        var acknowledged = Act(TestItems.Routed(), new AgencyAction.Acknowledge());
        var started = Act(acknowledged, new AgencyAction.StartWork(), Now.AddMinutes(1));
        var resolved = Act(started, new AgencyAction.Resolve("انجام شد"), Now.AddMinutes(2));

        var pending = StatusNotices.Pending(resolved, Routing, Pages, Window);

        Assert.Equal([Now + Window, Now.AddMinutes(1) + Window, null], pending.Select(notice => notice.NotBefore));
        Assert.True(StatusNotices.IsSuperseded(resolved, 2, Window));
        Assert.True(StatusNotices.IsSuperseded(resolved, 3, Window));
        Assert.False(StatusNotices.IsSuperseded(resolved, 4, Window));
        Assert.True(StatusNotices.TryParseKey(pending[1].Sms.Key, out var code, out var step));
        Assert.Equal((resolved.TrackingCode, 3), (code, step));
    }

    [Fact]
    public void Steps_further_apart_than_the_window_each_get_their_sms()
    {
        var acknowledged = Act(TestItems.Routed(), new AgencyAction.Acknowledge());
        var started = Act(acknowledged, new AgencyAction.StartWork(), Now + Window + TimeSpan.FromSeconds(1));

        Assert.False(StatusNotices.IsSuperseded(started, 2, Window));
        Assert.False(StatusNotices.IsSuperseded(started, 2, TimeSpan.Zero));
        Assert.Equal([null, null], StatusNotices.Pending(started, Routing, Pages, TimeSpan.Zero).Select(notice => notice.NotBefore));
    }

    [Fact]
    public void Without_a_phone_nothing_is_owed()
    {
        var resolved = Act(TestItems.Routed(withPhone: false), new AgencyAction.Resolve("انجام شد"));

        Assert.Empty(StatusNotices.Pending(resolved, Routing, Pages, Window));
    }
}
