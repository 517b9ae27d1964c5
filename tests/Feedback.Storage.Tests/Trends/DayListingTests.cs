using Azure.Core;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Scorecard;
using Feedback.Storage.Trends;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Trends;

/// <summary>
/// An item's listing in its province's day (what the drill-down and the scorecard read) is its trend marker: written
/// in the transaction that counts it, brought up to date only at the revision it counts, and read beside the
/// <c>ProvinceDays</c> rows that builds before it wrote.
/// </summary>
[Collection(Azurite.Collection)]
public sealed class DayListingTests(Azurite azurite)
{
    private static readonly DateTimeOffset ReceivedAt = new(2025, 10, 5, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = JalaliDays.TehranDay(ReceivedAt);

    private readonly TableServiceClient tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task Counting_a_routed_item_lists_it_in_the_same_transaction_and_writes_no_other_row()
    {
        var counter = new StorageRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter.TablePolicy, HttpPipelinePosition.PerRetry);
        var counters = new TableTrendCounters(StorageClients.FromConnectionString(azurite.ConnectionString, options).Tables);
        var province = $"test{Guid.NewGuid():N}";
        await counters.RecordAsync(Routed(province, Code(1), "water", "abhar"), cancellation);
        var before = counter.Snapshot();

        await counters.RecordAsync(Routed(province, Code(2), "water", "abhar"), cancellation);

        // One entity group transaction (on the version this instance wrote, its counter known): marker, listing and counter together.
        var spent = counter.Snapshot().Since(before);
        Assert.Equal(new Dictionary<string, long> { ["batch"] = 1 }, spent.Tables.ByKind.Where(kind => kind.Value > 0).ToDictionary());
        var listed = await new TableTrendItemIndex(new TableTrendCounters(tables)).ReadDayAsync(province, Day, TrendFilter.None, cancellation);
        Assert.Equal(
            [(Code(1), new TrendCell("water", "negative", "agency-water", "abhar", null)), (Code(2), new TrendCell("water", "negative", "agency-water", "abhar", null))],
            listed.Select(entry => (entry.TrackingCode.Value, entry.Cell)).OrderBy(entry => entry.Value, StringComparer.Ordinal));
        Assert.All(listed, entry => Assert.Equal(ReceivedAt, entry.ReceivedAt));
    }

    [Fact]
    public async Task Staff_changes_relist_an_item_only_at_the_revision_its_count_is_at()
    {
        var counters = new TableTrendCounters(tables);
        var scorecard = new TableScorecardSource(counters);
        var province = $"test{Guid.NewGuid():N}";
        var routed = Routed(province, Code(3), "water", "abhar");
        await counters.RecordAsync(routed, cancellation);
        var acknowledged = routed with { Status = FeedbackStatus.InProgress, AcknowledgedAt = ReceivedAt.AddHours(2) };
        var reassigned = acknowledged with
        {
            Assessment = acknowledged.Assessment! with { AgencyKey = "agency-power" },
            Reassignments = [new Reassignment(ReceivedAt.AddHours(3), "agency-water", "agency-power", "water", "دستگاه مسئول دیگری است", "test-clerk")],
        };

        await counters.RelistAsync(acknowledged, cancellation);
        // A move not yet counted is listed by the move, not by a relisting that runs ahead of it.
        await counters.RelistAsync(reassigned, cancellation);
        var afterAcknowledgement = Assert.Single(await scorecard.ReadAsync([province], Day, Day, cancellation));
        await counters.RecordAsync(reassigned, cancellation);
        // A slower clerk's change from before the reassignment changes nothing.
        await counters.RelistAsync(acknowledged with { Status = FeedbackStatus.Rejected }, cancellation);

        Assert.Equal((FeedbackStatus.InProgress, "agency-water", ReceivedAt.AddHours(2)), (afterAcknowledgement.Status, afterAcknowledgement.AgencyKey, afterAcknowledgement.AcknowledgedAt));
        var entry = Assert.Single(await scorecard.ReadAsync([province], Day, Day, cancellation));
        Assert.Equal((FeedbackStatus.InProgress, "agency-power"), (entry.Status, entry.AgencyKey));
        var listed = Assert.Single(await new TableTrendItemIndex(counters).ReadDayAsync(province, Day, new TrendFilter(AgencyKey: "agency-power"), cancellation));
        Assert.Equal(Code(3), listed.TrackingCode.Value);
        var counted = Assert.Single(await counters.ReadAsync(province, Day, Day, cancellation));
        Assert.Equal((listed.Cell, 1L), (counted.Cell, counted.Count));
    }

    [Fact]
    public async Task Rows_listed_before_the_deploy_are_read_until_their_item_is_relisted_and_then_only_its_marker()
    {
        var counters = new TableTrendCounters(tables);
        var province = $"test{Guid.NewGuid():N}";
        var early = Routed(province, Code(4), "water", "abhar");
        var untouched = Routed(province, Code(5), "gas", null);
        // As a build before the listing moved left them: the day's partition started without saying where items are listed,
        // each item counted (its marker has no listing) and indexed in ProvinceDays.
        await tables.CreateTableIfNotExistsAsync(TableTrendCounters.CountersTable, cancellation);
        await tables.GetTableClient(TableTrendCounters.CountersTable).AddEntityAsync(new TableEntity($"{province}|{Day:yyyyMMdd}", "v|0000000000000000000"), cancellation);
        await tables.CreateTableIfNotExistsAsync(TableTrendCounters.ProvinceDaysTable, cancellation);
        foreach (var item in new[] { early, untouched })
        {
            await counters.RecordAsync(TrendEvent.Of(item), cancellation);
            await tables.GetTableClient(TableTrendCounters.ProvinceDaysTable).AddEntityAsync(
                new TableEntity($"{province}|{Day:yyyyMMdd}", item.TrackingCode.Value)
                {
                    ["Status"] = "Routed",
                    ["Topic"] = item.Assessment!.Topic,
                    ["Sentiment"] = "negative",
                    ["AgencyKey"] = item.Assessment.AgencyKey,
                    ["NeedsReview"] = false,
                    ["ReceivedAt"] = ReceivedAt,
                    ["Revision"] = 0,
                },
                cancellation);
        }
        var index = new TableTrendItemIndex(counters);
        var scorecard = new TableScorecardSource(counters);
        var beforeRelisting = await index.ReadDayAsync(province, Day, TrendFilter.None, cancellation);

        await counters.RelistAsync(early with { Status = FeedbackStatus.Resolved, ClosedAt = ReceivedAt.AddDays(1) }, cancellation);

        Assert.Equal([Code(4), Code(5)], beforeRelisting.Select(entry => entry.TrackingCode.Value).Order());
        Assert.Equal([Code(4), Code(5)], (await index.ReadDayAsync(province, Day, TrendFilter.None, cancellation)).Select(entry => entry.TrackingCode.Value).Order());
        Assert.Equal([Code(4)], (await index.ReadDayAsync(province, Day, new TrendFilter(Topic: "water"), cancellation)).Select(entry => entry.TrackingCode.Value));
        var entries = await scorecard.ReadAsync([province], Day, Day, cancellation);
        Assert.Equal([(FeedbackStatus.Routed, "agency-gas"), (FeedbackStatus.Resolved, "agency-water")], entries.Select(entry => (entry.Status, entry.AgencyKey)).Order());
    }

    /// <summary>A valid tracking code (its check digit found), distinct for each number.</summary>
    private static string Code(int number) =>
        Enumerable.Range(0, 10).Select(check => TrackingCode.FromCanonical($"3{number:D8}{check}")).First(code => code is not null)!.Value;

    private static FeedbackItem Routed(string province, string trackingCode, string topic, string? county) => new()
    {
        TrackingCode = TrackingCode.FromStored(trackingCode),
        Channel = FeedbackChannel.Web,
        Text = "متن",
        Province = province,
        County = county,
        ReceivedAt = ReceivedAt,
        Status = FeedbackStatus.Routed,
        Assessment = new Assessment("negative", 0.9, topic, 0.9, false, "None", $"agency-{topic}", "test"),
    };
}
