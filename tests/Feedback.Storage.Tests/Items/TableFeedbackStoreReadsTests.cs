using Azure.Data.Tables;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Items;

/// <summary>What others read of the item tables through their owner: the readiness probe and an SMS claim.</summary>
[Collection(Azurite.Collection)]
public sealed class TableFeedbackStoreReadsTests(Azurite azurite)
{
    private readonly TableServiceClient tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task An_sms_claim_is_found_by_its_key_and_an_unclaimed_key_is_not()
    {
        var store = new TableFeedbackStore(tables);
        await store.EnsureTablesAsync(cancellation);
        var key = $"claim-{Guid.NewGuid():N}";

        Assert.Null(await store.FindSmsClaimAsync(key, cancellation));
        var item = new FeedbackItem { TrackingCode = TrackingCode.NewCodeIn(SmsDeduplication.Shard(key)), Channel = FeedbackChannel.Sms, Text = "گاز نداریم", Province = "zanjan", ReceivedAt = DateTimeOffset.UtcNow, SmsKey = key };
        Assert.NotNull(await store.TryCreateAsync(item, cancellation));

        Assert.Equal(item.TrackingCode, await store.FindSmsClaimAsync(key, cancellation));
    }

    [Fact]
    public async Task The_probe_answers_false_before_the_tables_exist_and_true_after()
    {
        using var empty = new Azurite();
        await empty.InitializeAsync();
        try
        {
            var fresh = StorageClients.FromConnectionString(empty.ConnectionString).Tables;

            Assert.False(await TableFeedbackStore.ProbeAsync(fresh, cancellation));
            await new TableFeedbackStore(fresh).EnsureTablesAsync(cancellation);
            Assert.True(await TableFeedbackStore.ProbeAsync(fresh, cancellation));
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }
}
