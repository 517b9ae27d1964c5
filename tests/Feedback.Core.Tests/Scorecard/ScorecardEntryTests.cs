using Feedback.Core.Items;
using Feedback.Core.Scorecard;
using Feedback.Core.Tests.Agencies;

namespace Feedback.Core.Tests.Scorecard;

/// <summary>What the scorecard lists of an item, decided from the item as it is now.</summary>
public class ScorecardEntryTests
{
    [Fact]
    public void An_entry_counts_a_missed_deadline_of_the_current_assignment_only()
    {
        var item = TestItems.Routed() with
        {
            SlaFlags = [new SlaFlag(SlaKind.Resolve, TestItems.Electricity, TestItems.RoutedAt.AddDays(-30), TestItems.RoutedAt.AddDays(-5), TestItems.RoutedAt.AddDays(-5))],
        };

        var entry = ScorecardEntry.Of(item);

        Assert.False(entry.SlaMissed);
        Assert.True(ScorecardEntry.Of(item with { SlaFlags = [.. item.SlaFlags, new SlaFlag(SlaKind.Acknowledge, TestItems.Water, TestItems.RoutedAt, TestItems.RoutedAt.AddDays(3), TestItems.RoutedAt.AddDays(3))] }).SlaMissed);
        Assert.Equal(TestItems.RoutedAt, entry.AssignedAt);
        Assert.Equal(new DateOnly(2026, 11, 21), entry.Day);
        Assert.Equal((TestItems.Water, "negative", ItemKind.Case, FeedbackStatus.Routed), (entry.AgencyKey, entry.Sentiment, entry.Kind, entry.Status));
    }
}
