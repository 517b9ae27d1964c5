using Feedback.Core.Items;
using Feedback.Core.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Trends;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Trends;

/// <summary>A later attribution revision moves an item's count from its old counter to its new one; an older or equal one changes nothing.</summary>
[Collection(Azurite.Collection)]
public sealed class TrendCountersMoveTests(Azurite azurite)
{
    private static readonly DateOnly Day = new(2025, 11, 3);
    private static readonly TrendCell Water = new("water", "negative", "agency-water", "abhar", null);
    private static readonly TrendCell Power = new("electricity", "negative", "agency-power", "abhar", null);

    private readonly CancellationToken cancellation = CancellationToken.None;

    private TableTrendCounters NewInstance() => new(StorageClients.FromConnectionString(azurite.ConnectionString).Tables);

    private async Task<Dictionary<TrendCell, long>> CountsAsync(string province) =>
        (await NewInstance().ReadAsync(province, Day, Day, cancellation)).ToDictionary(count => count.Cell, count => count.Count);

    [Fact]
    public async Task A_later_revision_moves_the_count_and_an_older_one_arriving_late_changes_nothing()
    {
        var province = $"test{Guid.NewGuid():N}";
        var counters = NewInstance();
        await counters.RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000018")!, province, Day, Water), cancellation);
        await counters.RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000026")!, province, Day, Water), cancellation);

        await counters.RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000018")!, province, Day, Power, Revision: 2), cancellation);
        await NewInstance().RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000018")!, province, Day, Water with { Sentiment = "neutral" }, Revision: 1), cancellation);
        await NewInstance().RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000018")!, province, Day, Water), cancellation);
        await counters.RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000018")!, province, Day, Power, Revision: 2), cancellation);

        Assert.Equal(new Dictionary<TrendCell, long> { [Water] = 1, [Power] = 1 }, await CountsAsync(province));
    }

    [Fact]
    public async Task Feedback_made_a_case_moves_between_the_kinds_and_a_counter_left_empty_is_not_listed()
    {
        var province = $"test{Guid.NewGuid():N}";
        var praise = new TrendCell("tax", "positive", "agency-tax", null, 5, ItemKind.Feedback);
        await NewInstance().RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000039")!, province, Day, praise), cancellation);

        await NewInstance().RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000039")!, province, Day, praise with { Kind = ItemKind.Case }, Revision: 1), cancellation);

        Assert.Equal(new Dictionary<TrendCell, long> { [praise with { Kind = ItemKind.Case }] = 1 }, await CountsAsync(province));
    }
}
