using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Trends;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Trends;

/// <summary>
/// A province's day is counted in one partition per shard of the items' codes ("zanjan|20251001|07"), and read as one
/// day; a day begun before the shards (its unsharded partition started) keeps being counted where it began, so an item
/// counted there before the deploy and delivered again after it is not counted twice.
/// </summary>
[Collection(Azurite.Collection)]
public sealed class TrendPartitionsTests(Azurite azurite)
{
    private static readonly DateTimeOffset ReceivedAt = new(2025, 10, 9, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = JalaliDays.TehranDay(ReceivedAt);
    private static readonly TrendCell Water = new("water", "negative", "agency-water", "abhar", null);

    private readonly TableServiceClient tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
    private readonly CancellationToken cancellation = CancellationToken.None;

    private TableClient Counters => tables.GetTableClient(TableTrendCounters.CountersTable);

    [Fact]
    public async Task A_new_day_is_counted_in_the_partition_of_each_items_shard_and_read_and_listed_as_one_day()
    {
        var province = $"test{Guid.NewGuid():N}";
        var counters = new TableTrendCounters(tables);
        string[] codes = [Code(1), Code(2), Code(17)];

        foreach (var code in codes)
            await counters.RecordAsync(Routed(province, code), cancellation);

        // The partition key's format itself: the day's key, then the code's shard in two digits.
        Assert.Equal(
            [($"{province}|{Day:yyyyMMdd}|01", $"m|{codes[0]}"), ($"{province}|{Day:yyyyMMdd}|01", $"m|{codes[2]}"), ($"{province}|{Day:yyyyMMdd}|02", $"m|{codes[1]}")],
            (await MarkersAsync(province)).Order());
        var counted = Assert.Single(await new TableTrendCounters(tables).ReadAsync(province, Day, Day, cancellation));
        Assert.Equal((Water, 3L), (counted.Cell, counted.Count));
        var listed = await new TableTrendItemIndex(new TableTrendCounters(tables)).ReadDayAsync(province, Day, new TrendFilter(Topic: "water"), cancellation);
        Assert.Equal(codes.Order(StringComparer.Ordinal), listed.Select(entry => entry.TrackingCode.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_item_counted_in_a_day_begun_before_the_shards_and_delivered_again_after_is_not_counted_again()
    {
        var province = $"test{Guid.NewGuid():N}";
        var unsharded = $"{province}|{Day:yyyyMMdd}";
        var early = Code(3);
        // As the build before the shards left the day: its partition at version 1, one item counted (its marker with
        // its listing) in its counter.
        await tables.CreateTableIfNotExistsAsync(TableTrendCounters.CountersTable, cancellation);
        await Counters.AddEntityAsync(new TableEntity(unsharded, "v|0000000000000000001") { ["Listing"] = true }, cancellation);
        await Counters.AddEntityAsync(new TableEntity(unsharded, $"m|{early}") { ["Counter"] = TableTrendCounters.CounterKey(Water), ["Topic"] = Water.Topic, ["Sentiment"] = Water.Sentiment, ["AgencyKey"] = Water.AgencyKey, ["County"] = Water.County, ["Status"] = "Routed", ["ReceivedAt"] = ReceivedAt }, cancellation);
        await Counters.AddEntityAsync(new TableEntity(unsharded, TableTrendCounters.CounterKey(Water)) { ["Count"] = 1L, ["Topic"] = Water.Topic, ["Sentiment"] = Water.Sentiment, ["AgencyKey"] = Water.AgencyKey, ["County"] = Water.County }, cancellation);

        // After the deploy: the item delivered again, on two instances, and another item of another shard that day.
        await new TableTrendCounters(tables).RecordAsync(Routed(province, early), cancellation);
        var counters = new TableTrendCounters(tables);
        await Task.WhenAll(counters.RecordAsync(Routed(province, early), cancellation), counters.RecordAsync(Routed(province, Code(4)), cancellation));

        var counted = Assert.Single(await counters.ReadAsync(province, Day, Day, cancellation));
        Assert.Equal((Water, 2L), (counted.Cell, counted.Count));
        Assert.Equal([(unsharded, $"m|{early}"), (unsharded, $"m|{Code(4)}")], (await MarkersAsync(province)).Order());
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

    /// <summary>A valid tracking code whose first nine digits are 500,000,000 + number, so in shard number mod 16.</summary>
    private static string Code(int number) =>
        Enumerable.Range(0, 10).Select(check => TrackingCode.FromCanonical($"5{number:D8}{check}")).First(code => code is not null)!.Value;

    private static FeedbackItem Routed(string province, string trackingCode) => new()
    {
        TrackingCode = TrackingCode.FromStored(trackingCode),
        Channel = FeedbackChannel.Web,
        Text = "متن",
        Province = province,
        County = Water.County,
        ReceivedAt = ReceivedAt,
        Status = FeedbackStatus.Routed,
        Assessment = new Assessment(Water.Sentiment, 0.9, Water.Topic, 0.9, false, "None", Water.AgencyKey, "test"),
    };
}
