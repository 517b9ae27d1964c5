using Feedback.Core.Agencies;
using Feedback.Core.Items;

namespace Feedback.Core.Tests.Agencies;

/// <summary>What an agency's inbox row says of an item, decided from the item as it is now.</summary>
public class InboxEntryTests
{
    [Fact]
    public void An_entry_is_late_on_the_flags_of_the_item_s_current_assignment_only()
    {
        var routed = TestItems.Routed();
        var item = routed with
        {
            SlaFlags =
            [
                new SlaFlag(SlaKind.Acknowledge, TestItems.Water, TestItems.RoutedAt, TestItems.RoutedAt.AddDays(3), TestItems.RoutedAt.AddDays(3)),
                new SlaFlag(SlaKind.Resolve, TestItems.Electricity, TestItems.RoutedAt.AddDays(-30), TestItems.RoutedAt.AddDays(-5), TestItems.RoutedAt.AddDays(-5)),
            ],
        };

        var entry = InboxEntry.Of(item);

        Assert.Equal(TestItems.RoutedAt, entry.AssignedAt);
        Assert.True(entry.AcknowledgeLate);
        Assert.False(entry.ResolveLate);
        Assert.Equal((routed.Province, TestItems.Water, "water", "negative"), (entry.Province, entry.AgencyKey, entry.Topic, entry.Sentiment));
    }

    [Fact]
    public void An_entry_has_a_notice_pending_while_a_status_sms_is_unqueued_or_the_trend_count_unmoved()
    {
        var resolved = TestItems.Routed() with
        {
            Status = FeedbackStatus.Resolved,
            History = [.. TestItems.Routed().History, new StatusChange(TestItems.RoutedAt.AddDays(1), FeedbackStatus.Resolved, "حل شد")],
        };
        var allDone = resolved with { NoticesQueued = resolved.History.Count, CountedRevision = 1 };

        Assert.False(InboxEntry.Of(allDone).NoticePending);
        Assert.True(InboxEntry.Of(allDone with { CountedRevision = 0 }).NoticePending);
        Assert.True(InboxEntry.Of(allDone with { NoticesQueued = 0 }).NoticePending);
    }

    [Fact]
    public void An_entry_tells_an_answered_question_and_a_reopened_case()
    {
        var item = TestItems.Routed();
        var asked = new CitizenQuestion(TestItems.RoutedAt.AddHours(1), "کدام کوچه؟", "staff", TestItems.RoutedAt.AddDays(2));

        Assert.False(InboxEntry.Of(item with { Questions = [asked] }).CitizenAnswered);
        Assert.True(InboxEntry.Of(item with { Questions = [asked with { AnsweredAt = TestItems.RoutedAt.AddHours(2), Answer = "کوچه سوم" }] }).CitizenAnswered);
        Assert.False(InboxEntry.Of(item).Reopened);
        Assert.True(InboxEntry.Of(item with { ReopenCount = 1 }).Reopened);
    }

    [Fact]
    public void An_item_not_routed_has_no_entry() =>
        Assert.Throws<ArgumentException>(() => InboxEntry.Of(TestItems.Routed() with { Assessment = null }));
}
