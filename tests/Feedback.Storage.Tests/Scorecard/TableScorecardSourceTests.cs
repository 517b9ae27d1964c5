using Azure.Data.Tables;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Storage.Scorecard;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Scorecard;

/// <summary>The scorecard reads what it needs from the province-day index rows the store writes, never the items.</summary>
[Collection(Azurite.Collection)]
public sealed class TableScorecardSourceTests(Azurite azurite)
{
    private readonly TableServiceClient tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task An_indexed_item_reads_back_as_the_scorecard_entry_of_its_day()
    {
        var province = $"test{Guid.NewGuid():N}";
        var store = new TableFeedbackStore(tables);
        await store.EnsureTablesAsync(cancellation);
        var receivedAt = new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
        var routed = Item(province, receivedAt);
        var resolved = routed with
        {
            Status = FeedbackStatus.Resolved,
            AcknowledgedAt = receivedAt.AddHours(3),
            ClosedAt = receivedAt.AddDays(2),
            SlaFlags = [new SlaFlag(SlaKind.Acknowledge, "agency-water", receivedAt, receivedAt.AddDays(1), receivedAt.AddDays(1))],
            ResolutionRating = 4,
            ReopenCount = 1,
        };
        await store.IndexAsync(routed, cancellation);
        await store.ReindexAsync(routed, resolved, cancellation);
        await store.IndexAsync(Item(province, receivedAt.AddDays(1)), cancellation);

        var day = JalaliDays.TehranDay(receivedAt);
        var entries = await new TableScorecardSource(tables).ReadAsync([province], day, day, cancellation);

        var entry = Assert.Single(entries);
        Assert.Equal((province, day, "agency-water", "pishkhan-7"), (entry.Province, entry.Day, entry.AgencyKey, entry.CounterOffice));
        Assert.Equal(("negative", ItemKind.Case, FeedbackStatus.Resolved), (entry.Sentiment, entry.Kind, entry.Status));
        Assert.Equal((receivedAt, receivedAt.AddHours(3), receivedAt.AddDays(2)), (entry.AssignedAt, entry.AcknowledgedAt, entry.ClosedAt));
        Assert.Equal((true, 4, 1), (entry.SlaMissed, entry.ResolutionRating, entry.ReopenCount));
    }

    [Fact]
    public async Task A_day_row_written_before_the_scorecard_reads_as_not_known()
    {
        var province = $"test{Guid.NewGuid():N}";
        await tables.CreateTableIfNotExistsAsync(TableFeedbackStore.ProvinceDaysTable, cancellation);
        var day = new DateOnly(2026, 11, 22);
        await tables.GetTableClient(TableFeedbackStore.ProvinceDaysTable).AddEntityAsync(
            new TableEntity($"{province}|20261122", "1234567890") { ["Status"] = "Routed", ["Sentiment"] = "neutral", ["AgencyKey"] = "agency-water", ["Topic"] = "water" },
            cancellation);

        var entry = Assert.Single(await new TableScorecardSource(tables).ReadAsync([province], day, day, cancellation));

        Assert.Equal((null, null, null, null), (entry.AssignedAt, entry.AcknowledgedAt, entry.ClosedAt, entry.SlaMissed));
        Assert.Equal((FeedbackStatus.Routed, 0), (entry.Status, entry.ReopenCount));
    }

    private static FeedbackItem Item(string province, DateTimeOffset receivedAt) => new()
    {
        TrackingCode = Core.Items.TrackingCode.NewCode(),
        Channel = FeedbackChannel.CounterOffice,
        Text = "صف دفتر پیشخوان خیلی طولانی بود",
        Province = province,
        CounterOffice = "pishkhan-7",
        ReceivedAt = receivedAt,
        Status = FeedbackStatus.Routed,
        Assessment = new Assessment("negative", 0.9, "counter_service", 0.9, false, "None", "agency-water", "set by the test"),
    };
}
