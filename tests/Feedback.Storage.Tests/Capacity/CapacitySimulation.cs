using System.Globalization;
using System.Text;
using Feedback.Classification.Taxonomy;
using Feedback.Core.Input;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Routing;
using Feedback.Core.Trends;
using Feedback.Storage.Agencies;
using Feedback.Storage.Items;
using Feedback.Storage.Notifications;
using Feedback.Storage.Surveys;
using Feedback.Storage.Trends;

namespace Feedback.Storage.Tests.Capacity;

/// <summary>One thing the design writes, at the rate a scenario loads it, against Azure's published limit.</summary>
internal sealed record ResourceLoad(string Resource, string Key, int Partitions, double PerSecond, double Limit, string Unit)
{
    public double Share => PerSecond / Limit;
}

/// <summary>A deployment (one province: its own storage account and Service Bus namespace) under a stream of messages.</summary>
internal sealed record Scenario(string Name, double MessagesPerSecond, double PhoneShare, double BlackoutShare);

/// <summary>
/// The national-scale model of docs/capacity.md: a synthetic minute of messages for one province's deployment, each
/// turned into the rows the pipeline writes and reads, keyed by the stores' own key functions (TableFeedbackStore,
/// TableTrendCounters, TableSmsStore) and routed by the real routing table; every partition's entity operations a
/// second, every queue's messages a second and the Service Bus namespace's credits a second, against Azure's limits.
/// A partition's rate is over the seconds from its first operation to its last, so one written only part of the minute
/// (a trend slice, 15 s of every four minutes) is not diluted by the seconds it rests.
/// </summary>
internal static class CapacitySimulation
{
    public const double NationalPeak = 2_000;
    public const int ProvinceCount = 31;

    /// <summary>Table Storage: 2,000 entities/s per partition, 20,000 transactions/s per account (1 KiB entities).</summary>
    public const double PartitionLimit = 2_000;
    public const double AccountLimit = 20_000;

    /// <summary>Queue Storage: 2,000 messages/s per queue (1 KiB messages).</summary>
    public const double QueueLimit = 2_000;

    /// <summary>Service Bus standard tier: 1,000 credits/s per namespace; a send, a receive, a peek cost 1 credit per message.</summary>
    public const double ServiceBusStandardCredits = 1_000;

    /// <summary>Items the trend counters commit in one transaction (<see cref="TableTrendCounters.BatchSize"/>).</summary>
    private const int TrendBatch = TableTrendCounters.BatchSize;

    private const int Seconds = 60;
    private const string Province = Provinces.ZanjanKey;

    /// <summary>One province in an outage: a quarter of the national peak, every message an SMS, four in five from the blacked-out county about electricity.</summary>
    public static Scenario Outage { get; } = new("outage province", NationalPeak / 4, PhoneShare: 1, BlackoutShare: 0.8);

    /// <summary>Any other province meanwhile: the rest of the peak shared by the other thirty, half of it with a phone.</summary>
    public static Scenario Ordinary { get; } = new("any other province", (NationalPeak - (NationalPeak / 4)) / (ProvinceCount - 1), PhoneShare: 0.5, BlackoutShare: 0);

    public static IReadOnlyList<ResourceLoad> Run(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var random = new Random(23);
        var routing = DemoRoutingData.CreateTable();
        var phones = new PhoneProtector(Convert.ToBase64String(new byte[32]), Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()));
        var counties = Provinces.CountiesOf(Province).Select(county => county.Key).ToArray();
        var receivedAt = new DateTimeOffset(2026, 12, 6, 6, 0, 0, TimeSpan.Zero);
        var operations = new Dictionary<(string Table, string Partition), (long Entities, int FirstSecond, int LastSecond)>();
        var second = 0;
        void Touch(string table, string partition, int entities = 1, int? at = null) =>
            operations[(table, partition)] = operations.TryGetValue((table, partition), out var touched)
                ? (touched.Entities + entities, touched.FirstSecond, at ?? second)
                : (entities, at ?? second, at ?? second);

        // The version deleted and written anew and the contention row touched (committed on the version the instance
        // wrote, not read), and one upsert per distinct counter of the batch.
        var trendBatch = new List<TrendEvent>(TrendBatch);
        var trendPartition = "";
        var trendSecond = 0;
        void CommitTrends()
        {
            if (trendBatch.Count > 0)
                Touch(TableTrendCounters.CountersTable, trendPartition, 3 + trendBatch.Select(batched => batched.Cell).Distinct().Count(), trendSecond);
            trendBatch.Clear();
        }

        var count = (int)(scenario.MessagesPerSecond * Seconds);
        var codes = new HashSet<TrackingCode>();
        // Intake's batches: the messages of one linger (one intake process takes them all: the fewest, largest batches,
        // so the busiest items shard is an upper bound), a web item in the shard of the batch gathering, an SMS in the
        // shard its de-duplication key chooses (its claim goes in that shard's transaction); one message a batch.
        var batchSize = (int)Math.Clamp(scenario.MessagesPerSecond * IntakeBatches.DefaultLinger.TotalSeconds, 1, IntakeBatches.MaxItems);
        var shard = 0;
        long intakeMessages = 0, notificationMessages = 0;
        // A batch's acknowledgements go out together, in as few notifications messages as carry them.
        var batchAcknowledgements = new List<SmsRequested>();
        var statusPage = new Uri("https://feedback.example.ir/status");
        for (var index = 0; index < count; index++)
        {
            var blackout = random.NextDouble() < scenario.BlackoutShare;
            var county = blackout ? counties[^1] : counties[random.Next(counties.Length)];
            var topic = blackout ? "electricity" : FeedbackTaxonomy.TopicKeys[random.Next(FeedbackTaxonomy.TopicKeys.Count)];
            var agency = routing.Resolve(Province, county, topic)!.Agency.Key;
            if (index % batchSize == 0)
            {
                notificationMessages += SmsRequests.Split(batchAcknowledgements).Count;
                batchAcknowledgements.Clear();
                shard = random.Next(TrackingCode.Shards);
                intakeMessages++;
            }
            var phone = random.NextDouble() < scenario.PhoneShare ? IranianMobile.Parse($"0912{random.Next(10_000_000):D7}").Mobile : null;
            var smsKey = phone is null ? null : SmsDeduplication.Key($"sim-{index}", phone.E164, "10004346", "", receivedAt);
            var itemShard = smsKey is null ? shard : SmsDeduplication.Shard(smsKey);
            // Intake draws again when a code is taken (the batch's transaction names it): a minute's codes are distinct.
            var code = TrackingCode.NewCodeIn(itemShard, random.Next);
            while (!codes.Add(code))
                code = TrackingCode.NewCodeIn(itemShard, random.Next);
            var received = receivedAt.AddSeconds(index / scenario.MessagesPerSecond);
            second = (int)(received - receivedAt).TotalSeconds;
            var item = new FeedbackItem
            {
                TrackingCode = code,
                Channel = phone is null ? FeedbackChannel.Web : FeedbackChannel.Sms,
                Text = "",
                Province = Province,
                County = county,
                ReceivedAt = received,
                Assessment = new Assessment(FeedbackTaxonomy.SentimentKeys[random.Next(FeedbackTaxonomy.SentimentKeys.Count)], 0.9, topic, 0.9, false, "", agency, ""),
            };

            // Intake: the item inserted with its batch, one entity of the batch's transaction (a pending marker only when the
            // enqueue fails: none here); an SMS claims its de-duplication key (a row of the same transaction) and looks for
            // an open survey of its phone.
            Touch(TableFeedbackStore.ItemsTable, TableFeedbackStore.ItemPartition(code));
            if (smsKey is not null && phone is not null)
            {
                Touch(TableFeedbackStore.ItemsTable, TableFeedbackStore.ClaimPartition(smsKey));
                Touch(TableSurveyStore.SurveysTable, phones.LookupHash(phone).Value);
            }

            // Processing: the item saved with its batch (intake's message carries it, so it is not read), its inbox row, its
            // trend marker carrying its day listing (counters and version rows per batch, below).
            Touch(TableFeedbackStore.ItemsTable, TableFeedbackStore.ItemPartition(code));
            Touch(TableAgencyInbox.InboxTable, TableAgencyInbox.InboxPartition(Province, agency));
            // A batch commits when full, and the last of a slice when the next item is received in the next slice
            // (the items of a moment share one partition, so one batch waits at a time).
            var trendEvent = TrendEvent.Of(item);
            var partition = TableTrendCounters.PartitionKey(trendEvent);
            if (partition != trendPartition)
                CommitTrends();
            trendPartition = partition;
            trendSecond = second;
            Touch(TableTrendCounters.CountersTable, trendPartition);
            trendBatch.Add(trendEvent);
            if (trendBatch.Count == TrendBatch)
                CommitTrends();

            // The acknowledgement, in its phone's partition: the SMS row and the phone's state read together, saved sent with
            // the phone's count (no Sending write: Kavenegar still knows every attempt it can have had), saved delivered; in
            // its provider id's shard: the id row and the awaiting entry written together, the id row read by the delivery
            // report, the awaiting entry deleted when final.
            if (phone is not null)
            {
                var hash = phones.LookupHash(phone);
                batchAcknowledgements.Add(new SmsRequested($"{code}-ack", SmsKind.Acknowledgement, phones.Encrypt(phone), hash, SmsTemplates.Acknowledgement(code, "اداره برق شهرستان", statusPage)));
                Touch(TableSmsStore.PhonesTable, hash.Value, 5);
                Touch(TableSmsStore.ReportsTable, TableSmsStore.ReportPartition($"{8_000_000_000 + index}"), 4);
            }
        }

        CommitTrends();
        notificationMessages += SmsRequests.Split(batchAcknowledgements).Count;
        var tables = operations
            .GroupBy(operation => operation.Key.Table)
            .Select(table => new ResourceLoad($"table {table.Key}", KeyOf(table.Key), table.Count(), table.Max(partition => partition.Value.Entities / (double)(partition.Value.LastSecond - partition.Value.FirstSecond + 1)), PartitionLimit, "entities/s"))
            .OrderByDescending(load => load.Share)
            .ThenBy(load => load.Resource, StringComparer.Ordinal)
            .ToList();
        double PerSecond(long messages) => messages / (double)Seconds;
        return
        [
            .. tables,
            new("storage account (all tables)", "", operations.Count, operations.Values.Sum(partition => partition.Entities) / (double)Seconds, AccountLimit, "entities/s"),
            new("queue feedback-intake", "", 1, PerSecond(intakeMessages), QueueLimit, "messages/s"),
            new("queue notifications", "", 1, PerSecond(notificationMessages), QueueLimit, "messages/s"),
            // Each message is sent, received and completed: three operations of a credit each.
            new("Service Bus namespace (standard)", "", 1, 3 * PerSecond(intakeMessages + notificationMessages), ServiceBusStandardCredits, "credits/s"),
        ];
    }

    /// <summary>The markdown table docs/capacity.md carries for a scenario.</summary>
    public static string Render(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"| {scenario.Name}: {scenario.MessagesPerSecond:0.#} messages/s | partition key | partitions in a minute | busiest partition | limit | share |\n");
        text.Append("|---|---|---|---|---|---|\n");
        foreach (var load in Run(scenario))
            text.Append(CultureInfo.InvariantCulture, $"| {load.Resource} | {(load.Key.Length == 0 ? "" : $"`{load.Key.Replace("|", "\\|", StringComparison.Ordinal)}`")} | {load.Partitions:N0} | {load.PerSecond:N1} {load.Unit} | {load.Limit:N0} | {load.Share:P1} |\n");
        return text.ToString();
    }

    private static string KeyOf(string table) => table switch
    {
        TableFeedbackStore.ItemsTable => $"items-nn: {TrackingCode.Shards} shards of the tracking code (an SMS's: of its key)",
        TableAgencyInbox.InboxTable => "province|agency",
        TableTrendCounters.CountersTable => $"province|yyyyMMdd|nn: {TableTrendCounters.Slices} slices of {TableTrendCounters.SliceSeconds} s by receipt time",
        TableSmsStore.PhonesTable or TableSurveyStore.SurveysTable => "phone's keyed hash",
        TableSmsStore.ReportsTable => $"reports-nn: {TableSmsStore.ReportShards} shards of the provider id",
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "a table the model does not know"),
    };
}
