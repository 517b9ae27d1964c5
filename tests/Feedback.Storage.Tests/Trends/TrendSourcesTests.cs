using System.Globalization;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Storage.Agencies;
using Feedback.Storage.Connection;
using Feedback.Storage.Trends;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Trends;

/// <summary>What the dashboard reads besides its counters: the SLA timer's breaches and the per-item day index.</summary>
[Collection(Azurite.Collection)]
public sealed class TrendSourcesTests(Azurite azurite)
{
    private readonly TableServiceClient tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task Breaches_flagged_in_the_window_are_read_newest_first_and_others_are_not()
    {
        var province = $"test{Guid.NewGuid():N}";
        var since = new DateTimeOffset(2025, 10, 1, 20, 30, 0, TimeSpan.Zero);
        var until = since.AddDays(7);
        await tables.CreateTableIfNotExistsAsync("SlaBreaches", cancellation);
        await WriteBreachAsync(province, "1000000018", SlaBreach.Acknowledge, since.AddTicks(-1));
        await WriteBreachAsync(province, "1000000026", SlaBreach.Acknowledge, since);
        await WriteBreachAsync(province, "1000000039", SlaBreach.Resolve, since.AddDays(3));
        await WriteBreachAsync(province, "1000000047", SlaBreach.Resolve, until.AddTicks(-1));
        await WriteBreachAsync(province, "1000000005", SlaBreach.Resolve, until);
        await WriteBreachAsync($"test{Guid.NewGuid():N}", "1000000060", SlaBreach.Resolve, since.AddDays(1));

        var breaches = await new TableSlaBreachLog(tables).ReadAsync(province, since, until, cancellation);

        Assert.Equal(["1000000047", "1000000039", "1000000026"], breaches.Select(breach => breach.TrackingCode.Value));
        var resolve = breaches[1];
        Assert.Equal(SlaBreach.Resolve, resolve.Kind);
        Assert.Equal("agency-1000000039", resolve.AgencyKey);
        Assert.Equal("water", resolve.Topic);
        Assert.Equal(since.AddDays(3), resolve.FlaggedAt);
        Assert.Equal(since.AddDays(3).AddHours(-48), resolve.DueAt);
    }

    [Fact]
    public async Task A_breach_row_whose_key_holds_no_tracking_code_is_left_out()
    {
        var province = $"test{Guid.NewGuid():N}";
        var flaggedAt = new DateTimeOffset(2025, 10, 2, 6, 0, 0, TimeSpan.Zero);
        await tables.CreateTableIfNotExistsAsync("SlaBreaches", cancellation);
        await WriteBreachAsync(province, "1000000018", SlaBreach.Resolve, flaggedAt);
        await WriteBreachAsync(province, "1000000019", SlaBreach.Resolve, flaggedAt.AddHours(1));
        await WriteBreachAsync(province, "not-a-code", SlaBreach.Resolve, flaggedAt.AddHours(2));

        var breaches = await new TableSlaBreachLog(tables).ReadAsync(province, flaggedAt, flaggedAt.AddDays(1), cancellation);

        Assert.Equal(["1000000018"], breaches.Select(breach => breach.TrackingCode.Value));
    }

    [Fact]
    public async Task Without_the_breaches_table_there_are_no_breaches()
    {
        using var empty = new Azurite();
        await empty.InitializeAsync();
        try
        {
            var reader = new TableSlaBreachLog(StorageClients.FromConnectionString(empty.ConnectionString).Tables);

            Assert.Empty(await reader.ReadAsync("zanjan", DateTimeOffset.UtcNow.AddDays(-90), DateTimeOffset.UtcNow, cancellation));
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_days_index_is_read_narrowed_by_the_filter()
    {
        var counters = new TableTrendCounters(tables);
        var province = $"test{Guid.NewGuid():N}";
        var receivedAt = new DateTimeOffset(2025, 10, 5, 6, 0, 0, TimeSpan.Zero);
        await counters.RecordAsync(Routed(province, "2000000016", receivedAt, "water", "negative", "abhar", 2), cancellation);
        await counters.RecordAsync(Routed(province, "2000000027", receivedAt.AddHours(1), "water", "positive", "abhar", null), cancellation);
        await counters.RecordAsync(Routed(province, "2000000034", receivedAt.AddHours(2), "gas", "negative", null, null), cancellation);
        await counters.RecordAsync(Routed(province, "2000000042", receivedAt.AddDays(1), "water", "negative", "abhar", 1), cancellation);
        var index = new TableTrendItemIndex(counters);
        var day = JalaliDays.TehranDay(receivedAt);

        var all = await index.ReadDayAsync(province, day, TrendFilter.None, cancellation);
        var negativeWater = await index.ReadDayAsync(province, day, new TrendFilter(Topic: "water", Sentiment: "negative"), cancellation);

        Assert.Equal(["2000000016", "2000000027", "2000000034"], all.Select(entry => entry.TrackingCode.Value).Order());
        var entry = Assert.Single(negativeWater);
        Assert.Equal("2000000016", entry.TrackingCode.Value);
        Assert.Equal(new TrendCell("water", "negative", "agency-water", "abhar", 2), entry.Cell);
        Assert.Equal(receivedAt, entry.ReceivedAt);
        Assert.True(entry.NeedsReview);
    }

    private async Task WriteBreachAsync(string province, string trackingCode, string kind, DateTimeOffset flaggedAt)
    {
        var inverted = (DateTimeOffset.MaxValue.Ticks - flaggedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        await tables.GetTableClient("SlaBreaches").UpsertEntityAsync(new TableEntity(province, $"{inverted}|{trackingCode}|{kind}")
        {
            ["AgencyKey"] = $"agency-{trackingCode}",
            ["Kind"] = kind,
            ["DueAt"] = flaggedAt.AddHours(-48),
            ["FlaggedAt"] = flaggedAt,
            ["Topic"] = "water",
        }, TableUpdateMode.Replace, cancellation);
    }

    private static FeedbackItem Routed(string province, string trackingCode, DateTimeOffset receivedAt, string topic, string sentiment, string? county, int? rating) => new()
    {
        TrackingCode = TrackingCode.FromCanonical(trackingCode)!,
        Channel = FeedbackChannel.Web,
        Text = "متن",
        Province = province,
        County = county,
        Rating = rating,
        ReceivedAt = receivedAt,
        Status = FeedbackStatus.Routed,
        Assessment = new Assessment(sentiment, 0.9, topic, 0.9, NeedsReview: rating is not null, "None", $"agency-{topic}", "test"),
    };
}
