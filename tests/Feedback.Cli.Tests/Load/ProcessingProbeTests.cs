using Feedback.Cli.Load;
using Feedback.Core.Items;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Testing;

namespace Feedback.Cli.Tests.Load;

/// <summary>The load test's check in storage once its wait is over: every code answers from its shard, a code never stored is lost.</summary>
[Collection(Azurite.Collection)]
public class ProcessingProbeTests(Azurite azurite)
{
    private readonly CancellationToken cancellation = CancellationToken.None;
    private readonly Random random = new();

    [Fact]
    public async Task The_last_pass_finds_each_stored_item_in_its_shard_and_counts_only_the_routed()
    {
        var store = new TableFeedbackStore(StorageClients.FromConnectionString(azurite.ConnectionString).Tables);
        await store.EnsureTablesAsync(cancellation);
        var routed = Item(shard: 2, FeedbackStatus.Routed);
        var waiting = Item(shard: 2, FeedbackStatus.Received);
        var elsewhere = Item(shard: 3, FeedbackStatus.Routed);
        foreach (var item in new[] { routed, waiting, elsewhere })
            Assert.NotNull(await store.TryCreateAsync(item, cancellation));
        var neverStored = TrackingCode.NewCodeIn(2, random.Next);
        string[] codes = [routed.TrackingCode.Value, waiting.TrackingCode.Value, neverStored.Value, elsewhere.TrackingCode.Value];

        var snapshot = await ProcessingProbe.WaitForRoutedAsync(store, codes, TimeSpan.Zero, cancellation);

        Assert.Equal(new[] { routed, waiting, elsewhere }.Select(item => item.TrackingCode.Value).Order(StringComparer.Ordinal), snapshot.Stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(FeedbackStatus.Received, snapshot.Stored[waiting.TrackingCode.Value].Status);
        Assert.Equal(2, snapshot.Routed);
    }

    private FeedbackItem Item(int shard, FeedbackStatus status) => new()
    {
        TrackingCode = TrackingCode.NewCodeIn(shard, random.Next),
        Channel = FeedbackChannel.Web,
        Text = "آب محله سه روز است قطع است",
        Province = "zanjan",
        ReceivedAt = DateTimeOffset.UtcNow,
        Status = status,
        History = status == FeedbackStatus.Routed
            ? [new StatusChange(DateTimeOffset.UtcNow, FeedbackStatus.Received, "ثبت شد"), new StatusChange(DateTimeOffset.UtcNow, FeedbackStatus.Routed, "ارجاع شد")]
            : [new StatusChange(DateTimeOffset.UtcNow, FeedbackStatus.Received, "ثبت شد")],
    };
}
