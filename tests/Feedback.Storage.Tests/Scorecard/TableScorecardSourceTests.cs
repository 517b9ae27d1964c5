using Azure.Data.Tables;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Storage.Scorecard;
using Feedback.Storage.Trends;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Scorecard;

/// <summary>The scorecard reads what it needs from the items' listings in their province's day, never the items.</summary>
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
        var counters = new TableTrendCounters(tables);
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
        await counters.RecordAsync(routed, cancellation);
        await store.ReindexAsync(routed, resolved, cancellation);
        await counters.RecordAsync(Item(province, receivedAt.AddDays(1)), cancellation);

        var day = JalaliDays.TehranDay(receivedAt);
        var entries = await new TableScorecardSource(counters).ReadAsync([province], day, day, cancellation);

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
        await tables.CreateTableIfNotExistsAsync(TableTrendCounters.ProvinceDaysTable, cancellation);
        await tables.CreateTableIfNotExistsAsync(TableTrendCounters.CountersTable, cancellation);
        var day = new DateOnly(2026, 11, 22);
        // Its day's trend counters, as that build started them.
        await tables.GetTableClient(TableTrendCounters.CountersTable).AddEntityAsync(new TableEntity($"{province}|20261122", "v|0000000000000000000"), cancellation);
        await tables.GetTableClient(TableTrendCounters.ProvinceDaysTable).AddEntityAsync(
            new TableEntity($"{province}|20261122", "1234567890") { ["Status"] = "Routed", ["Sentiment"] = "neutral", ["AgencyKey"] = "agency-water", ["Topic"] = "water" },
            cancellation);

        var entry = Assert.Single(await new TableScorecardSource(new TableTrendCounters(tables)).ReadAsync([province], day, day, cancellation));

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
