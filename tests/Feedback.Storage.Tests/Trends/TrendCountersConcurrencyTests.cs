using System.Collections.Concurrent;
using System.Globalization;
using Feedback.Core.Items;
using Feedback.Core.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Trends;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Trends;

/// <summary>
/// The trend counters are exact: items recorded by many parallel workers on several app instances (each with its own
/// client and its own group commit) racing on one day's partition, with messages delivered twice, concurrently or
/// later, leave every counter equal to a recount of the distinct items. (Feedback.Functions.Tests' ExactTrendsTests
/// does the same through processing, with thousands of items over several days.)
/// </summary>
[Collection(Azurite.Collection)]
public sealed class TrendCountersConcurrencyTests(Azurite azurite)
{
    private const int Items = 800;
    private const int Workers = 32;
    private const int Instances = 4;
    private const int Days = 1;

    private static readonly string[] Topics = ["water", "electricity", "gas", "municipality", "health"];
    private static readonly string[] Sentiments = ["negative", "neutral", "positive"];
    private static readonly string[] Agencies = ["agency-water", "agency-power", "agency-city"];
    private static readonly string?[] Counties = ["zanjan", "abhar", "tarom", null];

    private readonly CancellationToken cancellation = CancellationToken.None;

    private TableTrendCounters NewInstance() => new(StorageClients.FromConnectionString(azurite.ConnectionString).Tables);

    [Fact]
    public async Task Items_raced_on_one_day_by_many_workers_and_instances_with_redeliveries_count_exactly_once_each()
    {
        var province = $"test{Guid.NewGuid():N}";
        var firstDay = new DateOnly(2025, 10, 1);
        var random = new Random(20251001);
        var items = Enumerable.Range(0, Items).Select(index => RandomEvent(random, province, firstDay, index)).ToArray();
        // Every item once; about one in eight again right behind its first delivery (racing it), one in eight again at the end.
        var deliveries = new List<TrendEvent>();
        foreach (var item in items)
        {
            deliveries.Add(item);
            if (random.Next(8) == 0)
                deliveries.Add(item);
        }
        deliveries.AddRange(items.Where((_, index) => index % 8 == 3));
        var queue = new ConcurrentQueue<TrendEvent>(deliveries);
        var instances = Enumerable.Range(0, Instances).Select(_ => NewInstance()).ToArray();

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var delivery))
                await instances[worker % Instances].RecordAsync(delivery, cancellation);
        })));

        var counted = await NewInstance().ReadAsync(province, firstDay, firstDay.AddDays(Days - 1), cancellation);
        var recount = items
            .GroupBy(item => (item.Day, item.Cell))
            .ToDictionary(group => group.Key, group => (long)group.Count());
        var stored = counted.ToDictionary(count => (count.Day, count.Cell), count => count.Count);
        Assert.Equal(counted.Count, stored.Count);
        Assert.Equal(recount.Count, stored.Count);
        foreach (var (cell, expected) in recount)
            Assert.True(stored.TryGetValue(cell, out var actual) && actual == expected, $"{cell}: counted {actual}, the items make {expected}");
        Assert.Equal(Items, stored.Values.Sum());
    }

    [Fact]
    public async Task An_item_recorded_again_later_or_by_another_instance_is_not_counted_again()
    {
        var province = $"test{Guid.NewGuid():N}";
        var day = new DateOnly(2025, 11, 2);
        var item = new TrendEvent(TrackingCode.FromCanonical("1234567805")!, province, day, new TrendCell("water", "negative", "agency-water", "abhar", 2));
        var other = item with { TrackingCode = TrackingCode.FromCanonical("1234567818")! };

        await NewInstance().RecordAsync(item, cancellation);
        await NewInstance().RecordAsync(item, cancellation);
        await Task.WhenAll(NewInstance().RecordAsync(item, cancellation), NewInstance().RecordAsync(other, cancellation));

        var counts = await NewInstance().ReadAsync(province, day, day, cancellation);
        var count = Assert.Single(counts);
        Assert.Equal(item.Cell, count.Cell);
        Assert.Equal(day, count.Day);
        Assert.Equal(2, count.Count);
    }

    [Fact]
    public async Task Counters_are_read_per_day_and_only_for_the_province_and_days_asked()
    {
        var province = $"test{Guid.NewGuid():N}";
        var neighbour = $"test{Guid.NewGuid():N}";
        var day = new DateOnly(2025, 12, 20);
        var counters = NewInstance();
        var cell = new TrendCell("gas", "positive", "agency-gas", null, null);
        await Task.WhenAll(
            counters.RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000018")!, province, day, cell), cancellation),
            counters.RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000026")!, province, day.AddDays(1), cell), cancellation),
            counters.RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000039")!, province, day.AddDays(2), cell), cancellation),
            counters.RecordAsync(new TrendEvent(TrackingCode.FromCanonical("1000000047")!, neighbour, day, cell), cancellation));

        var counts = await counters.ReadAsync(province, day.AddDays(1), day.AddDays(5), cancellation);

        Assert.Equal([day.AddDays(1), day.AddDays(2)], counts.Select(count => count.Day).Order());
        Assert.All(counts, count => Assert.Equal(cell, count.Cell));
        Assert.Empty(await counters.ReadAsync(neighbour, day.AddDays(1), day.AddDays(1), cancellation));
    }

    // The tracking code whose first nine digits are 100,000,000 + index (one of ten check digits makes it a code).
    private static TrackingCode CodeNumbered(int index) =>
        Enumerable.Range(0, 10).Select(check => TrackingCode.FromCanonical(string.Create(CultureInfo.InvariantCulture, $"{100_000_000 + index}{check}"))).First(code => code is not null)!;

    private static TrendEvent RandomEvent(Random random, string province, DateOnly firstDay, int index) => new(
        CodeNumbered(index),
        province,
        firstDay.AddDays(random.Next(Days)),
        new TrendCell(
            Topics[random.Next(Topics.Length)],
            Sentiments[random.Next(Sentiments.Length)],
            Agencies[random.Next(Agencies.Length)],
            Counties[random.Next(Counties.Length)],
            random.Next(6) is var rating and > 0 ? rating : null));
}
