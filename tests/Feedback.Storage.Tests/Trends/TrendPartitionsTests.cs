using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Trends;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Trends;

/// <summary>
/// A province's day is counted in one partition per 15-second slice of its Tehran day, by when the item was received
/// ("zanjan|20251001|07", 16 slices in turn), and read as one day; an item is found in its slice again by a
/// redelivery and a later revision. A day begun before the slices (its whole-day partition started) keeps being
/// counted where it began, so an item counted there before the deploy and delivered again after it is not counted twice.
/// </summary>
[Collection(Azurite.Collection)]
public sealed class TrendPartitionsTests(Azurite azurite)
{
    /// <summary>09:30:00 in Tehran: 34,200 seconds since midnight, 2,280 slices of 15 s, so slice 8 (2,280 mod 16).</summary>
    private static readonly DateTimeOffset ReceivedAt = new(2025, 10, 9, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = JalaliDays.TehranDay(ReceivedAt);
    private static readonly TrendCell Water = new("water", "negative", "agency-water", "abhar", null);

    private readonly TableServiceClient tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
    private readonly CancellationToken cancellation = CancellationToken.None;

    private TableClient Counters => tables.GetTableClient(TableTrendCounters.CountersTable);

    [Theory]
    [InlineData(0, "08")]
    [InlineData(14, "08")]
    [InlineData(15, "09")]
    [InlineData(7 * 15, "15")]
    [InlineData(8 * 15, "00")]
    [InlineData(16 * 15, "08")]
    public void The_partition_is_the_receipt_times_15_second_slice_of_the_tehran_day_16_in_turn(int secondsLater, string slice)
    {
        var trendEvent = TrendEvent.Of(Routed("zanjan", Code(1), ReceivedAt.AddSeconds(secondsLater)));

        Assert.Equal($"zanjan|{Day:yyyyMMdd}|{slice}", TableTrendCounters.PartitionKey(trendEvent));
    }

    [Fact]
    public async Task Items_received_together_share_a_partition_and_15_seconds_later_another_and_the_day_is_read_and_listed_as_one()
    {
        var province = $"test{Guid.NewGuid():N}";
        var counters = new TableTrendCounters(tables);
        string[] codes = [Code(1), Code(2), Code(3)];

        await Task.WhenAll(
            counters.RecordAsync(Routed(province, codes[0], ReceivedAt), cancellation),
            counters.RecordAsync(Routed(province, codes[1], ReceivedAt), cancellation),
            counters.RecordAsync(Routed(province, codes[2], ReceivedAt.AddSeconds(15)), cancellation));

        Assert.Equal(
            [($"{province}|{Day:yyyyMMdd}|08", $"m|{codes[0]}"), ($"{province}|{Day:yyyyMMdd}|08", $"m|{codes[1]}"), ($"{province}|{Day:yyyyMMdd}|09", $"m|{codes[2]}")],
            (await MarkersAsync(province)).Order());
        var counted = Assert.Single(await new TableTrendCounters(tables).ReadAsync(province, Day, Day, cancellation));
        Assert.Equal((Water, 3L), (counted.Cell, counted.Count));
        var listed = await new TableTrendItemIndex(new TableTrendCounters(tables)).ReadDayAsync(province, Day, new TrendFilter(Topic: "water"), cancellation);
        Assert.Equal(codes.Order(StringComparer.Ordinal), listed.Select(entry => entry.TrackingCode.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_redelivery_and_a_later_revision_find_the_items_marker_in_its_slice()
    {
        var province = $"test{Guid.NewGuid():N}";
        var routed = Routed(province, Code(5), ReceivedAt.AddSeconds(40));
        var reassigned = routed with
        {
            Assessment = routed.Assessment! with { AgencyKey = "agency-power" },
            Reassignments = [new Reassignment(ReceivedAt.AddHours(3), "agency-water", "agency-power", "water", "دستگاه مسئول دیگری است", "test-clerk")],
        };

        await new TableTrendCounters(tables).RecordAsync(routed, cancellation);
        await new TableTrendCounters(tables).RecordAsync(routed, cancellation);
        await new TableTrendCounters(tables).RecordAsync(reassigned, cancellation);

        Assert.Equal([($"{province}|{Day:yyyyMMdd}|10", $"m|{Code(5)}")], await MarkersAsync(province));
        var counted = Assert.Single(await new TableTrendCounters(tables).ReadAsync(province, Day, Day, cancellation));
        Assert.Equal((Water with { AgencyKey = "agency-power" }, 1L), (counted.Cell, counted.Count));
    }

    [Fact]
    public async Task An_item_counted_in_a_day_begun_before_the_slices_and_delivered_again_after_is_not_counted_again()
    {
        var province = $"test{Guid.NewGuid():N}";
        var wholeDay = $"{province}|{Day:yyyyMMdd}";
        var early = Code(3);
        // As the build before the slices left the day: its partition at version 1, one item counted (its marker with
        // its listing) in its counter.
        await tables.CreateTableIfNotExistsAsync(TableTrendCounters.CountersTable, cancellation);
        await Counters.AddEntityAsync(new TableEntity(wholeDay, "v|0000000000000000001") { ["Listing"] = true }, cancellation);
        await Counters.AddEntityAsync(new TableEntity(wholeDay, $"m|{early}") { ["Counter"] = TableTrendCounters.CounterKey(Water), ["Topic"] = Water.Topic, ["Sentiment"] = Water.Sentiment, ["AgencyKey"] = Water.AgencyKey, ["County"] = Water.County, ["Status"] = "Routed", ["ReceivedAt"] = ReceivedAt }, cancellation);
        await Counters.AddEntityAsync(new TableEntity(wholeDay, TableTrendCounters.CounterKey(Water)) { ["Count"] = 1L, ["Topic"] = Water.Topic, ["Sentiment"] = Water.Sentiment, ["AgencyKey"] = Water.AgencyKey, ["County"] = Water.County }, cancellation);

        // After the deploy: the item delivered again, on two instances, and another item received later that day.
        await new TableTrendCounters(tables).RecordAsync(Routed(province, early, ReceivedAt), cancellation);
        var counters = new TableTrendCounters(tables);
        await Task.WhenAll(counters.RecordAsync(Routed(province, early, ReceivedAt), cancellation), counters.RecordAsync(Routed(province, Code(4), ReceivedAt.AddMinutes(1)), cancellation));

        var counted = Assert.Single(await counters.ReadAsync(province, Day, Day, cancellation));
        Assert.Equal((Water, 2L), (counted.Cell, counted.Count));
        Assert.Equal([(wholeDay, $"m|{early}"), (wholeDay, $"m|{Code(4)}")], (await MarkersAsync(province)).Order());
        Assert.Equal(2, (await new TableTrendItemIndex(counters).ReadDayAsync(province, Day, TrendFilter.None, cancellation)).Count);
    }

    /// <summary>Every marker of the province's day, by partition and row key.</summary>
    private async Task<List<(string PartitionKey, string RowKey)>> MarkersAsync(string province)
    {
        var markers = new List<(string, string)>();
        await foreach (var row in Counters.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {province} and PartitionKey lt {province + "}"} and RowKey ge {"m|"} and RowKey lt {"m}"}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellation))
            markers.Add((row.PartitionKey, row.RowKey));
        return markers;
    }

    /// <summary>A valid tracking code whose first nine digits are 500,000,000 + number.</summary>
    private static string Code(int number) =>
        Enumerable.Range(0, 10).Select(check => TrackingCode.FromCanonical($"5{number:D8}{check}")).First(code => code is not null)!.Value;

    private static FeedbackItem Routed(string province, string trackingCode, DateTimeOffset receivedAt) => new()
    {
        TrackingCode = TrackingCode.FromStored(trackingCode),
        Channel = FeedbackChannel.Web,
        Text = "متن",
        Province = province,
        County = Water.County,
        ReceivedAt = receivedAt,
        Status = FeedbackStatus.Routed,
        Assessment = new Assessment(Water.Sentiment, 0.9, Water.Topic, 0.9, false, "None", Water.AgencyKey, "test"),
    };
}
