using Feedback.Core.Agencies;
using Feedback.Core.Notifications;
using Feedback.Core.Routing;
using Feedback.Core.Time;

namespace Feedback.Core.Tests.Agencies;

public class StatusNoticesTests
{
    private static readonly DateTimeOffset Now = TestItems.RoutedAt.AddHours(2);

    private static Core.Items.FeedbackItem Act(Core.Items.FeedbackItem item, AgencyAction action) =>
        Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.Apply(item, action, "staff", Now, DemoRoutingData.CreateTable())).Item;

    [Fact]
    public void A_resolution_owes_the_citizen_one_sms_with_the_reply_keyed_by_its_history_step()
    {
        var resolved = Act(TestItems.Routed(), new AgencyAction.Resolve("کنتور شما تعویض شد"));

        var sms = Assert.Single(StatusNotices.Pending(resolved));

        Assert.Equal($"{resolved.TrackingCode}-status-2", sms.Key);
        Assert.Equal(SmsKind.StatusUpdate, sms.Kind);
        Assert.Equal(resolved.EncryptedPhone, sms.EncryptedPhone);
        Assert.Equal(SmsTemplates.StatusChanged(resolved.TrackingCode, NotifiedStatus.Resolved, "کنتور شما تعویض شد", Now), sms.Text);
        Assert.Contains(TehranTime.PersianDigits(resolved.TrackingCode), sms.Text, StringComparison.Ordinal);
        Assert.True(StatusNotices.AnyPending(resolved));
    }

    [Fact]
    public void Steps_already_queued_are_not_owed_again()
    {
        var acknowledged = Act(TestItems.Routed(), new AgencyAction.Acknowledge());
        var queued = acknowledged with { NoticesQueued = acknowledged.History.Count };

        var rejected = Act(queued, new AgencyAction.Reject("خارج از وظایف این دستگاه"));

        var sms = Assert.Single(StatusNotices.Pending(rejected));
        Assert.Equal($"{rejected.TrackingCode}-status-3", sms.Key);
        Assert.Contains("پذیرفته نشد", sms.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Routing_and_reassignment_owe_no_status_sms()
    {
        var moved = Act(TestItems.Routed(), new AgencyAction.Reassign(TestItems.Electricity, "برق است"));

        Assert.Empty(StatusNotices.Pending(moved));
        Assert.False(StatusNotices.AnyPending(moved));
    }

    [Fact]
    public void Without_a_phone_nothing_is_owed()
    {
        var resolved = Act(TestItems.Routed(withPhone: false), new AgencyAction.Resolve("انجام شد"));

        Assert.Empty(StatusNotices.Pending(resolved));
    }
}
