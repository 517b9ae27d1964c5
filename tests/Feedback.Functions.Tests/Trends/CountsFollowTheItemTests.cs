using System.Collections.Concurrent;
using Feedback.Classification;
using Feedback.Classification.Taxonomy;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Processing;
using Feedback.Core.Routing;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Trends;
using Feedback.Testing;
using Xunit.Abstractions;

namespace Feedback.Functions.Tests.Trends;

/// <summary>
/// Counts follow the item: thousands of random operations (process, redeliver, reassign, correct, feedback↔case,
/// a stale replay of an earlier state) on parallel workers of several app instances, many of them on the same item at
/// once, leave every dashboard counter equal to a recount of the items, and every drill-down (the day index, by
/// topic, sentiment, agency and county) listing exactly the items its counter counts, in their current attribution.
/// </summary>
[Collection(SecondAzurite.Collection)]
public sealed class CountsFollowTheItemTests(Azurite azurite, ITestOutputHelper output) : TrendsApp(azurite)
{
    private const int Items = 400;
    private const int Operations = 3_000;
    private const int Workers = 16;
    private const int Instances = 3;
    private const int Days = 3;

    private static readonly string[] Messages =
    [
        "آب محله ما از دیروز قطع است و کسی جواب نمی‌دهد",
        "برق خیابان ما سه شب است که رفته",
        "از کارمند پیشخوان دولت که با حوصله کارم را انجام داد ممنونم",
        "زباله‌های کوچه چند روز است جمع نشده",
        "از رسیدگی سریع اداره مالیات سپاسگزارم",
        "۵",
    ];

    private static readonly string?[] Counties = ["zanjan", "abhar", "khodabandeh", null];

    [Fact]
    public async Task Random_concurrent_reassignments_corrections_and_redeliveries_keep_every_count_equal_to_its_drill_down()
    {
        var firstDay = new DateOnly(2024, 8, 10);
        var store = Service<IFeedbackStore>();
        var random = new Random(1404);
        var items = Enumerable.Range(0, Items).Select(index => NewItem(random, firstDay, index)).ToArray();
        // Each processing and redelivery gets the item as intake's message carries it: as stored, at intake's version.
        var intake = new ConcurrentDictionary<TrackingCode, ReceivedItem>();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (item, _) =>
            intake[item.TrackingCode] = new ReceivedItem(item.TrackingCode, new VersionedItem(item, (await store.TryCreateAsync(item, CancellationToken.None))!)));
        var instances = Enumerable.Range(0, Instances).Select(_ => NewInstance()).ToArray();
        var agencies = DemoRoutingData.Agencies.Where(agency => agency.ProvinceKey == Provinces.ZanjanKey).Select(agency => agency.Key).ToArray();

        // Every item processed once first in the mix; the rest random, a quarter of them on a few hot items so clerks collide.
        var operations = new ConcurrentQueue<(int Kind, TrackingCode Code, int Seed)>(
            items.Select(item => (0, item.TrackingCode, 0))
                .Concat(Enumerable.Range(0, Operations).Select(_ => (random.Next(1, 7), items[random.Next(4) == 0 ? random.Next(8) : random.Next(Items)].TrackingCode, random.Next())))
                .ToArray());
        var done = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var snapshots = new ConcurrentDictionary<TrackingCode, FeedbackItem>();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var instance = instances[worker % Instances];
            while (operations.TryDequeue(out var operation))
            {
                var name = await ApplyAsync(instance, operation.Kind, intake[operation.Code], new Random(operation.Seed), agencies, snapshots);
                done.AddOrUpdate(name, 1, (_, count) => count + 1);
            }
        })));
        output.WriteLine(string.Join(", ", done.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}")));

        var stored = new FeedbackItem[Items];
        await Parallel.ForEachAsync(Enumerable.Range(0, Items), new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (index, _) => stored[index] = (await store.GetAsync(items[index].TrackingCode, CancellationToken.None))!);
        var current = stored.Where(item => item.Assessment is not null).ToDictionary(item => item.TrackingCode.Value, TrendEvent.Of, StringComparer.Ordinal);
        Assert.True(stored.Count(item => item.Reassignments.Count > 0) > 100, "too few items were reassigned to prove much");
        Assert.True(stored.Count(item => item.KindChanges.Count > 0) > 50, "too few items changed kind to prove much");

        // Every counter equals the recount of the items in their current attribution.
        var recount = current.Values.GroupBy(trendEvent => (trendEvent.Day, trendEvent.Cell)).ToDictionary(group => group.Key, group => (long)group.Count());
        var counted = await Service<ITrendCounters>().ReadAsync(Provinces.ZanjanKey, firstDay, firstDay.AddDays(Days - 1), CancellationToken.None);
        Assert.Equal(recount.OrderBy(pair => pair.Key.ToString(), StringComparer.Ordinal), counted.ToDictionary(count => (count.Day, count.Cell), count => count.Count).OrderBy(pair => pair.Key.ToString(), StringComparer.Ordinal));

        // Every drill-down lists what its count counts: the day index as a whole and filtered on the service's side.
        var index = Service<ITrendItemIndex>();
        var filters = new List<TrendFilter> { TrendFilter.None };
        filters.AddRange(FeedbackTaxonomy.TopicKeys.Select(topic => new TrendFilter(Topic: topic)));
        filters.AddRange(FeedbackTaxonomy.SentimentKeys.Select(sentiment => new TrendFilter(Sentiment: sentiment)));
        filters.AddRange(agencies.Select(agency => new TrendFilter(AgencyKey: agency)));
        filters.AddRange(Counties.OfType<string>().Select(county => new TrendFilter(County: county)));
        for (var day = firstDay; day < firstDay.AddDays(Days); day = day.AddDays(1))
        {
            var whole = await index.ReadDayAsync(Provinces.ZanjanKey, day, TrendFilter.None, CancellationToken.None);
            var expected = current.Values.Where(trendEvent => trendEvent.Day == day).ToDictionary(trendEvent => trendEvent.TrackingCode.Value, trendEvent => trendEvent.Cell, StringComparer.Ordinal);
            Assert.Equal(expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), whole.ToDictionary(entry => entry.TrackingCode.Value, entry => entry.Cell, StringComparer.Ordinal).OrderBy(pair => pair.Key, StringComparer.Ordinal));
            foreach (var filter in filters)
            {
                var listed = await index.ReadDayAsync(Provinces.ZanjanKey, day, filter, CancellationToken.None);
                var count = counted.Where(counter => counter.Day == day && filter.Matches(counter.Cell)).Sum(counter => counter.Count);
                Assert.True(count == listed.Count, $"{day} {filter}: counted {count}, the drill-down lists {listed.Count}");
            }
        }
    }

    /// <returns>The operation's name and outcome, for the log.</returns>
    private static async Task<string> ApplyAsync(Instance instance, int kind, ReceivedItem received, Random random, string[] agencies, ConcurrentDictionary<TrackingCode, FeedbackItem> snapshots)
    {
        var code = received.Code;
        switch (kind)
        {
            case 0 or 1:
                // A redelivery carries the item as intake stored it, however far staff have moved it since: nothing of theirs may be undone.
                await instance.Processing.HandleAsync(received, CancellationToken.None);
                return kind == 0 ? "process" : "redeliver";
            case 6:
                // A slower worker finishing an older state late: its counts and index rows must not win.
                if (!snapshots.TryGetValue(code, out var old))
                    return "replay-none";
                await instance.Trends.RecordAsync(TrendEvent.Of(old), CancellationToken.None);
                return "replay-stale";
        }
        AgencyAction action = kind switch
        {
            2 or 3 => new AgencyAction.Reassign(agencies[random.Next(agencies.Length)], "دستگاه مسئول دیگری است"),
            4 => new AgencyAction.CorrectLabels(FeedbackTaxonomy.SentimentKeys[random.Next(3)], random.Next(2) == 0 ? FeedbackTaxonomy.TopicKeys[random.Next(FeedbackTaxonomy.TopicKeys.Count)] : null),
            _ => random.Next(2) == 0 ? new AgencyAction.MakeCase() : new AgencyAction.MakeFeedback(),
        };
        var result = await instance.Actions.ApplyAsync(code, action, "test-clerk", _ => true, CancellationToken.None);
        if (result is AgencyActionResult.Done { Item: var item } && item.Assessment is not null)
            snapshots[code] = item;
        return $"{action.Name}-{result.GetType().Name.ToLowerInvariant()}";
    }

    private sealed record Instance(ProcessFeedbackHandler Processing, AgencyActions Actions, ITrendCounters Trends);

    /// <summary>An app instance of its own: the app's services, but its own trend counters and storage client.</summary>
    private Instance NewInstance()
    {
        var trends = new TableTrendCounters(StorageClients.FromConnectionString(ConnectionString).Tables);
        return new(
            new ProcessFeedbackHandler(Service<IFeedbackStore>(), Service<FeedbackClassifier>(), Service<RoutingSource>(), Service<IMessageSender>(), Service<PublicPages>(), TimeProvider.System, trends, Service<SmsReplies>()),
            new AgencyActions(Service<IFeedbackStore>(), Service<ILabelStore>(), Service<IMessageSender>(), Service<RoutingSource>(), TimeProvider.System, trends, Service<SmsRules>(), Service<PublicPages>(), Service<CaseFollowUps>()),
            trends);
    }

    private static FeedbackItem NewItem(Random random, DateOnly firstDay, int index)
    {
        var receivedAt = JalaliDays.StartOf(firstDay.AddDays(random.Next(Days))).AddMinutes(random.Next(24 * 60));
        var text = Messages[random.Next(Messages.Length)];
        return new FeedbackItem
        {
            TrackingCode = TestCodes.Numbered('8', index),
            Channel = FeedbackChannel.Web,
            Text = text,
            Province = Provinces.ZanjanKey,
            County = Counties[random.Next(Counties.Length)],
            Rating = text == "۵" ? 5 : null,
            ReceivedAt = receivedAt,
            History = [new StatusChange(receivedAt, FeedbackStatus.Received, "ثبت شد")],
        };
    }
}
