using System.Collections.Concurrent;
using Feedback.Classification;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Processing;
using Feedback.Core.Routing;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;
using Feedback.Storage.Trends;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Trends;

/// <summary>
/// Exact trends, end to end: thousands of stored items processed by many parallel workers on several app instances
/// (each its own trend counters, as scaled-out hosts have), with messages delivered twice — at the same time, and
/// again after a crash that lost the item's saved status — leave every counter equal to a recount from the items.
/// </summary>
[Collection(SecondAzurite.Collection)]
public sealed class ExactTrendsTests(Azurite azurite) : TrendsApp(azurite)
{
    private const int Items = 2_000;
    private const int Workers = 32;
    private const int Instances = 4;
    private const int Days = 4;

    /// <summary>Messages citizens could send, mixed so items fall on many topics and sentiments; their labels are the classifier's business.</summary>
    private static readonly string[] Messages =
    [
        "آب محله ما از دیروز قطع است و کسی جواب نمی‌دهد",
        "برق خیابان ما سه شب است که رفته",
        "از کارمند پیشخوان دولت که با حوصله کارم را انجام داد ممنونم",
        "فشار گاز خانه ما خیلی کم است",
        "زباله‌های کوچه چند روز است جمع نشده",
        "نوبت بیمارستان را چطور بگیرم؟",
        "مدرسه بچه‌ها بخاری ندارد و کلاس‌ها سرد است",
        "کارت ملی هوشمندم هنوز صادر نشده",
        "از رسیدگی سریع اداره مالیات سپاسگزارم",
        "اتوبوس خط ۲ همیشه دیر می‌آید",
    ];

    private static readonly string?[] Counties = ["zanjan", "abhar", "tarom", "khodabandeh", null];

    [Fact]
    public async Task Processing_thousands_of_items_concurrently_with_redeliveries_counts_each_exactly_once()
    {
        var firstDay = new DateOnly(2024, 5, 4);
        var store = Service<IFeedbackStore>();
        var random = new Random(1403);
        var items = Enumerable.Range(0, Items).Select(index => NewItem(random, firstDay, index)).ToArray();
        var intake = new ConcurrentDictionary<TrackingCode, ReceivedItem>();
        await ForEachInParallelAsync(items, async item => intake[item.TrackingCode] = new ReceivedItem(item.TrackingCode, new VersionedItem(item, (await store.TryCreateAsync(item, CancellationToken.None))!)));
        var handlers = Enumerable.Range(0, Instances).Select(_ => NewInstance()).ToArray();

        // Every message once, carrying the item as intake stored it; about one in six a second time right behind the first (two workers race on it).
        var deliveries = new List<TrackingCode>();
        foreach (var item in items)
        {
            deliveries.Add(item.TrackingCode);
            if (random.Next(6) == 0)
                deliveries.Add(item.TrackingCode);
        }
        var queue = new ConcurrentQueue<TrackingCode>(deliveries);
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var trackingCode))
                await handlers[worker % Instances].HandleAsync(intake[trackingCode], CancellationToken.None);
        })));

        // A crash after the counting but before the status was saved: the redelivery (sent back alone, so without the item) finds it as received and does it all again.
        var crashed = items.Where((_, index) => index % 10 == 7).ToArray();
        await ForEachInParallelAsync(crashed, item => store.SaveAsync(item, CancellationToken.None));
        await ForEachInParallelAsync(crashed, item => handlers[item.TrackingCode.Value[^1] % Instances].HandleAsync(new ReceivedItem(item.TrackingCode), CancellationToken.None));

        var stored = new FeedbackItem?[items.Length];
        await ForEachInParallelAsync(Enumerable.Range(0, items.Length), async index => stored[index] = await store.GetAsync(items[index].TrackingCode, CancellationToken.None));
        Assert.All(stored, item => Assert.Contains(item!.Status, new[] { FeedbackStatus.Routed, FeedbackStatus.Recorded }));
        var recount = stored
            .Select(item => TrendEvent.Of(item!))
            .GroupBy(trendEvent => (trendEvent.Day, trendEvent.Cell))
            .ToDictionary(group => group.Key, group => (long)group.Count());
        var counted = await Service<ITrendCounters>().ReadAsync(Provinces.ZanjanKey, firstDay, firstDay.AddDays(Days - 1), CancellationToken.None);
        var counters = counted.ToDictionary(count => (count.Day, count.Cell), count => count.Count);

        Assert.True(recount.Count > 50, $"the items fell on only {recount.Count} counters: too few to prove much");
        Assert.Equal(recount.Count, counters.Count);
        foreach (var (cell, expected) in recount)
            Assert.True(counters.TryGetValue(cell, out var actual) && actual == expected, $"{cell}: counted {actual}, the items make {expected}");
        Assert.Equal(Items, counters.Values.Sum());
    }

    /// <summary>A processing handler of its own app instance: the app's services, but its own trend counters and storage client.</summary>
    private ProcessFeedbackHandler NewInstance() => new(
        Service<IFeedbackStore>(),
        Service<FeedbackClassifier>(),
        Service<RoutingSource>(),
        Service<IMessageSender>(),
        Service<PublicPages>(),
        TimeProvider.System,
        new TableTrendCounters(StorageClients.FromConnectionString(ConnectionString).Tables),
        Service<SmsReplies>());

    private static FeedbackItem NewItem(Random random, DateOnly firstDay, int index)
    {
        var receivedAt = JalaliDays.StartOf(firstDay.AddDays(random.Next(Days))).AddMinutes(random.Next(24 * 60));
        return new FeedbackItem
        {
            TrackingCode = TestCodes.Numbered('9', index),
            Channel = FeedbackChannel.Web,
            Text = Messages[random.Next(Messages.Length)],
            Province = Provinces.ZanjanKey,
            County = Counties[random.Next(Counties.Length)],
            Rating = random.Next(6) is var rating and > 0 ? rating : null,
            ReceivedAt = receivedAt,
            History = [new StatusChange(receivedAt, FeedbackStatus.Received, "ثبت شد")],
        };
    }

    private static Task ForEachInParallelAsync<T>(IEnumerable<T> values, Func<T, Task> action) =>
        Parallel.ForEachAsync(values, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (value, _) => await action(value));
}
