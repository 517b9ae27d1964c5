using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Scorecard;
using Feedback.Core.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Trends;

/// <summary>
/// <see cref="ITrendCounters"/> on Table Storage, exact under concurrent processing and redelivery.
/// <para>
/// Table <c>TrendCounters</c> has one partition per province, Tehran day and slice of that day by when the item was
/// received (PK "zanjan|20251001|07"; <see cref="PartitionKey"/>), so that no partition holds a whole day's items
/// (Azurite scans a partition's rows for every point read; docs/benchmarks-requests.md). The items a processing batch
/// holds were received within seconds of each other, so a batch commits in one transaction (two at a slice's edge).
/// The slices bound a partition's size, not its rate: at any instant a province's items go to one slice. A partition
/// holds these kinds of row:
/// <list type="bullet">
/// <item><c>c|{hash of the cell}</c> — a counter: the cell's topic, sentiment, agency, county and rating, and its Count.</item>
/// <item><c>m|{tracking code}</c> — a marker: this item is counted, in which counter, at which attribution revision;
/// and the item's listing in its day, what the drill-down and the scorecard read (the cell it is counted in, its status,
/// when it came, the scorecard's columns), written with the count in the same transaction.</item>
/// <item><c>v|{n:D19}</c> — the partition's version: every commit replaces version n by n + 1. <c>Listing</c> on it:
/// the partition was started by a build that lists items on their markers (one started earlier may have its
/// listings in <see cref="ProvinceDaysTable"/>, which is read for it).</item>
/// <item><c>w|</c> — contention: every commit touches it (so changes its ETag), and an instance whose commit made
/// after a read was refused sets <c>Until</c> on it, a minute ahead, unconditionally.</item>
/// </list>
/// This class owns every read and write of the listing: <see cref="TableTrendItemIndex"/> and the scorecard's source
/// read it through <see cref="ReadListingAsync"/>, and staff changes bring it up to date through <see cref="RelistAsync"/>.
/// </para>
/// <para>
/// A commit reads the version row first, then the counters its items increment, and writes one entity group
/// transaction: delete <c>v|n</c> if its ETag is unchanged, write <c>v|n+1</c>, insert the markers of its items and
/// upsert their counters' new values. If anyone committed to the partition since <c>v|n</c> was read, that row is
/// gone and the whole transaction is refused (404, or 412 for a changed ETag); the commit then reads again and
/// retries. An item already counted (a redelivery) has its marker: the insert refuses the whole transaction (409,
/// naming the marker), and the commit is retried without that item. So every commit is computed from everything
/// committed before it (no increment is lost), and because an item's marker is written in the same transaction as
/// its increment, an item whose marker is stored was counted exactly once and is never counted again.
/// A staff action that changes the item's attribution records a higher <see cref="TrendEvent.Revision"/>: the commit
/// reads the item's marker (after the version), and if the marker's revision is lower it rewrites the marker for the
/// new counter, decrements the old counter and increments the new one, all in the same transaction; a revision the
/// marker already has or passed (a redelivery, a slower clerk's older action) changes nothing. So whatever the order
/// of concurrent actions, the item ends counted once, in the cell of its latest attribution.
/// An instance remembers the version it wrote, with the ETags the transaction's response gave it and the counters at
/// it, and commits its next batch on that version without reading anything (one request per batch): if anyone
/// committed since, that version is gone and the transaction is refused, and the instance reads the head again.
/// Committing blind is for a partition one instance writes: an instance that commits back to back without reading
/// would otherwise refuse every commit of another that must read first, which could never catch up. So an instance
/// refused after it read the head sets <c>w|</c>'s <c>Until</c> (no read needed), which refuses the blind commit of
/// every other (it names <c>w|</c>'s ETag); they read the head, find the partition contended, and until <c>Until</c>
/// every instance reads the version before it commits, as all did before, taking turns. (A refused blind commit alone
/// says little: it may be the client retrying a transaction the service stored.) A partition whose head is <c>v|0</c> has never been committed to, so it has no counter: an instance that read
/// <c>v|0</c> knows every counter (all absent) and, until a write of its own is refused, reads none. Otherwise a
/// counter it does not know is read (after the version) before the transaction that increments it.
/// A partition's first writer inserts <c>v|0</c> (insert-if-absent); the ETag check also defeats a late duplicate
/// of that insert arriving after <c>v|0</c> was consumed: the new row has a new ETag, and the highest version is the
/// head, so a stray <c>v|0</c> is never taken for it (and is removed by the next commit).
/// </para>
/// <para>
/// In one process, recordings for one partition are group committed: one flush at a time per partition takes up to
/// <see cref="BatchSize"/> waiting items into one transaction, so concurrent processing in an instance does not
/// contend; instances contend only through the version row, and retry with a random back-off.
/// The dashboard reads the counter rows of each day of a range (<c>c|</c>… within each partition), never the items.
/// </para>
/// <para>
/// Reading a day reads all its partitions in one query over a range of partition keys, "zanjan|20251001" ≤ PK &lt;
/// "zanjan|20251001}" ('|' &lt; '}'), which takes the day's slices and the whole-day partition builds before the
/// slices wrote; a cell's counters in several partitions are summed. Azure ends a query's page where it crosses a partition
/// boundary, possibly with no rows, and returns a continuation token (REST docs, "Query Timeout and Pagination"); the
/// SDK's paging follows it, so a day may cost up to one request per partition there (17; Azurite answers in one),
/// what sixteen single-partition queries would cost.
/// Upgrade: a day that began before the deploy has its items counted in its whole-day partition "zanjan|20251001",
/// and a redelivered item must find its marker where it was counted. So a province's day whose whole-day partition
/// has a version row keeps being written there (every item, every move, every relisting), and only a day whose
/// whole-day partition has none is sliced; an instance checks once per province and day and remembers (<see
/// cref="PartitionOfAsync"/>). This assumes no instance of the earlier build writes after the new build's instances
/// started (the deployment replaces them, as a slot swap does): were an earlier build to start a day's whole-day
/// partition after a new instance found it absent, an item redelivered across the two could be counted in both.
/// Partitions keyed by the code's shard (the same key format, 32839b1) were merged and backed out within the hour;
/// this assumes no deployment ran them, since an item counted in its code's shard would not be found in its slice.
/// </para>
/// </summary>
public sealed class TableTrendCounters(TableServiceClient tables) : ITrendCounters
{
    public const string CountersTable = "TrendCounters";

    /// <summary>
    /// How many slices a day is cut into, each <see cref="SliceSeconds"/> in turn (a cycle of four minutes): over a day
    /// each takes a sixteenth of a province's items, whatever the hour's load.
    /// </summary>
    public const int Slices = 16;

    /// <summary>
    /// A slice's length. Long beside the spread of a processing batch's receipt times (an intake batch lingers 50 ms),
    /// so a batch crosses a slice's edge rarely (about one in 300), and an instance's group commit is split in two
    /// only for the seconds at an edge while it has items of both slices in flight (side by side with the one day
    /// partition, no more transactions a processed message than the runs' noise: docs/benchmarks-requests.md); short
    /// beside the day's rise and fall, so the slices fill evenly, and a surge longer than a cycle (four minutes)
    /// spreads over all sixteen.
    /// </summary>
    public const int SliceSeconds = 15;

    /// <summary>Items per transaction: with a marker and at most one counter each, plus the version and contention rows, it stays within 100 actions.</summary>
    public const int BatchSize = 48;

    /// <summary>Items per transaction when some are moves (a marker and up to two counters each).</summary>
    private const int MovesPerCommit = 32;

    /// <summary>
    /// The day index builds before this one wrote (PK "province|yyyyMMdd", RK tracking code, the listing's columns):
    /// read, never written, so that the drill-down and the scorecard still list the days before the deploy.
    /// </summary>
    public const string ProvinceDaysTable = "ProvinceDays";

    /// <summary>A listing's kind (absent for a case), as a counter row has it.</summary>
    public const string KindColumn = "Kind";

    private const string RevisionColumn = "Revision";
    private const string StatusColumn = "Status";
    private const string NeedsReviewColumn = "NeedsReview";
    private const string ReceivedAtColumn = "ReceivedAt";

    /// <summary>On a version row: the partition was started by a build that lists items on their markers, so none is in <see cref="ProvinceDaysTable"/>.</summary>
    private const string ListingColumn = "Listing";

    /// <summary>Commits a batch tries before giving up (the message is then retried by the queue).</summary>
    private const int MaxAttempts = 40;

    private const string CounterPrefix = "c|";
    private const string MarkerPrefix = "m|";
    private const string VersionPrefix = "v|";

    /// <summary>The contention row's key; the version rows and it are one row key range ("v|" ≤ key &lt; "w}").</summary>
    private const string ContentionKey = "w|";

    private const string ContendedUntilColumn = "Until";

    /// <summary>How long after a refused commit every instance reads the version before committing.</summary>
    private static readonly TimeSpan ContentionWindow = TimeSpan.FromMinutes(1);

    /// <summary>The character after '|': "c|" ≤ key &lt; "c}" selects exactly the rows whose key starts with "c|".</summary>
    private const char AfterSeparator = '}';

    /// <summary>Stray version rows a commit removes at most (there is rarely one): the transaction stays within 100 actions.</summary>
    private const int MaxStaleVersionsRemoved = 1;

    private const int ReadParallelism = 16;

    /// <summary>The columns <see cref="CellOf"/> reads.</summary>
    private static readonly string[] CellColumns = ["Topic", "Sentiment", "AgencyKey", "County", "Rating", KindColumn, ResolutionColumns.Resolved, ResolutionColumns.ResolutionRating, ResolutionColumns.Reopened];

    private readonly ConcurrentDictionary<string, PartitionQueue> partitions = new(StringComparer.Ordinal);

    /// <summary>Per province's day (its whole-day key): whether its whole-day partition was started, so it is still written there.</summary>
    private readonly ConcurrentDictionary<string, Task<bool>> wholeDays = new(StringComparer.Ordinal);
    private readonly TableClient counters = tables.GetTableClient(CountersTable);
    private readonly TableClient provinceDays = tables.GetTableClient(ProvinceDaysTable);

    public Task RecordAsync(TrendEvent trendEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trendEvent);
        return RecordAsync(new Recording(trendEvent, null), cancellationToken);
    }

    public Task RecordAsync(FeedbackItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return RecordAsync(new Recording(TrendEvent.Of(item), item), cancellationToken);
    }

    private async Task RecordAsync(Recording recording, CancellationToken cancellationToken)
    {
        var waiting = new WaitingEvent(recording);
        var partition = await PartitionOfAsync(recording.Event, cancellationToken);
        var queue = partitions.GetOrAdd(partition, _ => new PartitionQueue());
        bool startFlush;
        lock (queue)
        {
            queue.Waiting.Add(waiting);
            startFlush = !queue.Flushing;
            queue.Flushing = true;
        }
        if (startFlush)
            _ = Task.Run(() => FlushAsync(partition, queue), CancellationToken.None);
        await waiting.Done.Task.WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TrendCount>> ReadAsync(string province, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var days = Enumerable.Range(0, Math.Max(0, lastDay.DayNumber - firstDay.DayNumber + 1)).Select(firstDay.AddDays).ToArray();
        var perDay = new List<TrendCount>[days.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, days.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (index, token) => perDay[index] = await ReadDayAsync(province, days[index], token));
        return perDay.SelectMany(counts => counts).ToArray();
    }

    /// <summary>Over the whole table: the codes of the counted items (their markers) and the sum of all counters (the load report's exactly-once check).</summary>
    public async Task<(IReadOnlySet<string> Counted, long Total)> TallyAsync(CancellationToken cancellationToken)
    {
        var markers = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        await foreach (var row in counters.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(MarkerPrefix, StringComparison.Ordinal))
                markers.Add(row.RowKey[MarkerPrefix.Length..]);
            else if (row.RowKey.StartsWith(CounterPrefix, StringComparison.Ordinal))
                total += row.GetInt64("Count") ?? 0;
        }
        return (markers, total);
    }

    /// <summary>
    /// Brings an item's listing up to date after staff changed it (status, deadlines, answers), by a conditional write
    /// of its marker that keeps what the marker counts. Only at the revision the marker counts: an older one (a
    /// slower clerk) would undo a later change, and a newer one is listed by the move that counts it
    /// (<see cref="RecordAsync(FeedbackItem, CancellationToken)"/>, which staff actions call first). An item not counted
    /// in its day has nothing to bring up to date.
    /// </summary>
    public async Task RelistAsync(FeedbackItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var trendEvent = TrendEvent.Of(item);
        var partition = await PartitionOfAsync(trendEvent, cancellationToken);
        while (true)
        {
            var marker = await counters.GetOrNullAsync(partition, MarkerKey(trendEvent.TrackingCode), cancellationToken);
            if (marker is null || (marker.GetInt32(RevisionColumn) ?? 0) != trendEvent.Revision)
                return;
            var listed = new TableEntity(partition, marker.RowKey) { ["Counter"] = marker.GetString("Counter") };
            if (trendEvent.Revision > 0)
                listed[RevisionColumn] = trendEvent.Revision;
            AddListing(listed, item, trendEvent.Cell);
            if (await counters.TryReplaceAsync(listed, marker.ETag.ToString(), cancellationToken) is not null)
                return;
        }
    }

    /// <summary>
    /// The listed items of a province's day that match the filter, each with its row (the listing's columns, or only
    /// <paramref name="columns"/> and the status): the markers that carry a listing, in one query over the day's
    /// partitions with their version rows. A partition this build or the one before started says so on its version
    /// row (<see cref="ListingColumn"/>); a whole-day one that an earlier build started may have rows in
    /// <see cref="ProvinceDaysTable"/>, read too, each of an item whose marker carries no listing yet (counted before
    /// the deploy and not changed since). A day nothing was counted on lists nothing.
    /// </summary>
    internal async Task<IReadOnlyList<(string TrackingCode, TableEntity Row)>> ReadListingAsync(string province, DateOnly day, TrendFilter filter, IReadOnlyList<string>? columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var wholeDay = DayKey(province, day);
        (string Column, string? Value)[] conditions = [("Topic", filter.Topic), ("Sentiment", filter.Sentiment), ("AgencyKey", filter.AgencyKey), ("County", filter.County)];
        var narrowed = string.Concat(conditions.Where(condition => condition.Value is not null).Select(condition => $" and {condition.Column} eq {TableClient.CreateQueryFilter($"{condition.Value}")}"));
        string[]? selected = columns is null ? null : [.. columns.Concat(["PartitionKey", "RowKey", StatusColumn, ListingColumn]).Concat(CellColumns).Distinct(StringComparer.Ordinal)];
        var rows = await counters.QueryOrNoneAsync($"{DayPartitions(province, day)} and ({RowRange(VersionPrefix)} or ({RowRange(MarkerPrefix)}{narrowed}))", selected, cancellationToken);
        // Only the whole-day partition can have been started by a build that did not list items on their markers.
        var head = rows.Where(row => row.PartitionKey == wholeDay && row.RowKey.StartsWith(VersionPrefix, StringComparison.Ordinal)).MaxBy(row => row.RowKey, StringComparer.Ordinal);
        var markers = rows.Where(row => row.RowKey.StartsWith(MarkerPrefix, StringComparison.Ordinal)).ToList();
        List<TableEntity> earlier = [];
        if (head is not null && head.GetBoolean(ListingColumn) != true)
        {
            earlier = await provinceDays.QueryOrNoneAsync($"PartitionKey eq {Quoted(wholeDay)}{narrowed}", selected, cancellationToken);
            // Every listed marker, not only those that match, decides which earlier row it replaces.
            if (narrowed.Length > 0)
                markers = await counters.QueryOrNoneAsync($"{DayPartitions(province, day)} and {RowRange(MarkerPrefix)}", selected, cancellationToken);
        }
        // An item has its marker in one partition of its day (the upgrade rule in the summary); should an earlier
        // build's late write have left it in two, it is listed once.
        var listed = markers.Where(marker => marker.GetString(StatusColumn) is not null).DistinctBy(marker => marker.RowKey, StringComparer.Ordinal).ToDictionary(marker => marker.RowKey[MarkerPrefix.Length..], StringComparer.Ordinal);
        return
        [
            .. listed.Where(marker => filter.Matches(CellOf(marker.Value))).Select(marker => (marker.Key, marker.Value)),
            .. earlier.Where(row => !listed.ContainsKey(row.RowKey)).Select(row => (row.RowKey, row)),
        ];
    }

    /// <summary>
    /// "zanjan|20251001|07": the partition the event is counted in, a slice of its item's Tehran day by the time the item
    /// was received: (seconds since Tehran midnight ÷ <see cref="SliceSeconds"/>) mod <see cref="Slices"/>. The one place
    /// that maps an event to its partition (commits, relisting and the capacity simulation call it): the receipt time never
    /// changes, so a redelivery and every later revision of an item find its marker where its first count put it.
    /// </summary>
    internal static string PartitionKey(TrendEvent trendEvent)
    {
        ArgumentNullException.ThrowIfNull(trendEvent);
        var slice = trendEvent.TimeReceived.Ticks / TimeSpan.FromSeconds(SliceSeconds).Ticks % Slices;
        return string.Create(CultureInfo.InvariantCulture, $"{DayKey(trendEvent.Province, trendEvent.Day)}|{slice:D2}");
    }

    /// <summary>"zanjan|20251001": the province's Tehran day, the partition builds before the slices counted it in (and ProvinceDays keys it by).</summary>
    internal static string DayKey(string province, DateOnly day) =>
        $"{province}|{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>Every partition of the province's day: its slices and the whole-day one (the key's prefix, '|' &lt; '}').</summary>
    private static string DayPartitions(string province, DateOnly day)
    {
        var wholeDay = DayKey(province, day);
        return TableClient.CreateQueryFilter($"PartitionKey ge {wholeDay} and PartitionKey lt {wholeDay + AfterSeparator}");
    }

    /// <summary>
    /// The partition an event of the item is counted in: its slice's (<see cref="PartitionKey"/>), unless its day's
    /// whole-day partition was started (by a build before the slices), which then counts the whole day (the upgrade rule
    /// in the summary). Read once per province's day and remembered: only a build before this one starts a whole-day partition.
    /// </summary>
    private async Task<string> PartitionOfAsync(TrendEvent trendEvent, CancellationToken cancellationToken)
    {
        var wholeDay = DayKey(trendEvent.Province, trendEvent.Day);
        var started = wholeDays.GetOrAdd(wholeDay, HasVersionAsync);
        try
        {
            return await started.WaitAsync(cancellationToken) ? wholeDay : PartitionKey(trendEvent);
        }
        catch when (started.IsFaulted)
        {
            // A failed read is not remembered: the next event of the day reads again.
            wholeDays.TryRemove(new KeyValuePair<string, Task<bool>>(wholeDay, started));
            throw;
        }
    }

    private async Task<bool> HasVersionAsync(string partition)
    {
        await foreach (var _ in counters.RowsOrNoneAsync(RowsStartingWith(partition, VersionPrefix), select: ["RowKey"], CancellationToken.None))
            return true;
        return false;
    }

    /// <summary>The counter's row key: a hash of the cell's dimensions, so no key or county spelling can make two cells share a row.</summary>
    internal static string CounterKey(TrendCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        // A case's key is what it was before kinds existed, and an unresolved item's what it was before resolutions
        // were counted, so counters already stored keep counting.
        object?[] values = cell.Kind == ItemKind.Case
            ? [cell.Topic, cell.Sentiment, cell.AgencyKey, cell.County, cell.Rating]
            : [cell.Topic, cell.Sentiment, cell.AgencyKey, cell.County, cell.Rating, cell.Kind.ToString()];
        if (cell.Resolved || cell.ResolutionRating is not null || cell.Reopened)
            values = [.. values, cell.Resolved, cell.ResolutionRating, cell.Reopened];
        var dimensions = JsonSerializer.SerializeToUtf8Bytes(values);
        return CounterPrefix + Convert.ToHexStringLower(SHA256.HashData(dimensions), 0, 16);
    }

    private static string MarkerKey(TrackingCode trackingCode) => MarkerPrefix + trackingCode.Value;

    /// <summary>The day's counters, each cell's summed over the day's partitions.</summary>
    private async Task<List<TrendCount>> ReadDayAsync(string province, DateOnly day, CancellationToken cancellationToken)
    {
        var rows = await counters.QueryOrNoneAsync($"{DayPartitions(province, day)} and {RowRange(CounterPrefix)}", select: null, cancellationToken);
        return
        [
            .. rows.GroupBy(row => row.RowKey, StringComparer.Ordinal)
                .Select(cell => new TrendCount(day, CellOf(cell.First()), cell.Sum(row => row.GetInt64("Count") ?? 0)))
                // A counter every item moved away from stays, at zero.
                .Where(count => count.Count > 0),
        ];
    }

    /// <summary>Commits what waits for the partition, batch after batch, until nothing does; the next recording starts a flush again.</summary>
    private async Task FlushAsync(string partition, PartitionQueue queue)
    {
        while (true)
        {
            List<WaitingEvent> batch;
            lock (queue)
            {
                batch = queue.TakeBatch();
                if (batch.Count == 0)
                {
                    queue.Flushing = false;
                    return;
                }
            }
            try
            {
                // Of an item's recordings, the latest attribution revision is the one to count.
                var events = batch.GroupBy(waiting => waiting.Event.TrackingCode).Select(item => item.MaxBy(waiting => waiting.Event.Revision)!.Recording).ToArray();
                // A move writes its marker and up to two counters: fewer items keep the transaction within 100 actions.
                var perCommit = events.Any(recording => recording.Event.Revision > 0) ? MovesPerCommit : BatchSize;
                foreach (var chunk in events.Chunk(perCommit))
                    await CommitAsync(partition, queue, chunk);
                foreach (var waiting in batch)
                    waiting.Done.TrySetResult();
            }
            catch (Exception failure)
            {
                foreach (var waiting in batch)
                    waiting.Done.TrySetException(failure);
            }
        }
    }

    /// <summary>What a commit does for one item: count it afresh, or move it from the counter its marker names.</summary>
    private sealed record Planned(Recording Recording, TableEntity? Marker)
    {
        public TrendEvent Event => Recording.Event;
    }

    private async Task CommitAsync(string partition, PartitionQueue queue, Recording[] events)
    {
        var remaining = events.ToList();
        var attempt = 1;
        // A blind commit refused may be the client's retry of one that was stored; one refused after a read is contention.
        var contended = false;
        while (true)
        {
            var known = queue.Known;
            var blind = known is not null && known.ContendedUntil <= DateTimeOffset.UtcNow;
            var head = blind ? known : await ReadHeadAsync(partition);
            if (head is null)
            {
                await StartPartitionAsync(partition);
                continue;
            }
            // Still the version this instance wrote last: nobody has committed since, so the counters it knows hold.
            if (!blind && known is not null && known.RowKey == head.RowKey)
                head = head with { Counts = known.Counts, AllCountersKnown = known.AllCountersKnown };
            if (contended && head.ContendedUntil <= DateTimeOffset.UtcNow)
                head = await SignalContentionAsync(partition, head);
            // Markers and counters are read after the version, so a commit between the two makes this one fail.
            // A first count (revision 0) inserts its marker blind: one that exists refuses the transaction (below).
            var markers = await ReadRowsAsync(partition, remaining.Where(recording => recording.Event.Revision > 0).Select(recording => MarkerKey(recording.Event.TrackingCode)));
            var planned = new List<Planned>();
            foreach (var recording in remaining)
            {
                var marker = markers.GetValueOrDefault(MarkerKey(recording.Event.TrackingCode));
                // Counted at this revision or a later one already (a redelivery, or a later action that committed first).
                if (marker is null || (marker.GetInt32(RevisionColumn) ?? 0) < recording.Event.Revision)
                    planned.Add(new Planned(recording, marker));
            }
            remaining = [.. planned.Select(plan => plan.Recording)];
            if (remaining.Count == 0)
                return;

            var deltas = new Dictionary<string, long>(StringComparer.Ordinal);
            var cells = new Dictionary<string, TrendCell>(StringComparer.Ordinal);
            foreach (var plan in planned)
            {
                var key = CounterKey(plan.Event.Cell);
                cells[key] = plan.Event.Cell;
                deltas[key] = deltas.GetValueOrDefault(key) + 1;
                if (plan.Marker?.GetString("Counter") is { } from)
                    deltas[from] = deltas.GetValueOrDefault(from) - 1;
            }
            var unknown = deltas.Keys.Where(key => !head.Counts.ContainsKey(key)).ToArray();
            var unknownRows = head.AllCountersKnown ? unknown.ToDictionary(key => key, _ => (TableEntity?)null) : await ReadRowsAsync(partition, unknown);
            foreach (var (key, row) in unknownRows)
                head.Counts[key] = row?.GetInt64("Count") ?? 0;

            var markersFrom = 3 + head.Stale.Count;
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Delete, new TableEntity(partition, head.RowKey), head.ETag),
                new(TableTransactionActionType.UpsertReplace, VersionRow(partition, head)),
                head.ContentionETag is { } contention
                    ? new(TableTransactionActionType.UpdateMerge, new TableEntity(partition, ContentionKey), contention)
                    : new(TableTransactionActionType.UpsertMerge, new TableEntity(partition, ContentionKey)),
                .. head.Stale.Select(version => new TableTransactionAction(TableTransactionActionType.Delete, version, version.ETag)),
                .. planned.Select(plan => plan.Marker is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, MarkerRow(partition, plan.Recording))
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, MarkerRow(partition, plan.Recording), plan.Marker.ETag)),
                .. deltas.Where(delta => delta.Value != 0).Select(delta => cells.TryGetValue(delta.Key, out var cell)
                    ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, CounterRow(partition, delta.Key, cell, head.Counts[delta.Key] + delta.Value))
                    : new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(partition, delta.Key) { ["Count"] = head.Counts[delta.Key] + delta.Value })),
            ];
            try
            {
                using var counted = StorageCaller.ForTransaction(counters.Name, "counters");
                var written = await counters.SubmitTransactionAsync(actions, CancellationToken.None);
                foreach (var (key, delta) in deltas)
                    head.Counts[key] += delta;
                // The new version's and the contention row's sub-responses carry their ETags, which the next commit
                // names (Azure: "Performing entity group transactions"; Azurite does the same). Without them the next
                // commit reads the head.
                queue.Known = written.Value[1].Headers.ETag is { } version && written.Value[2].Headers.ETag is { } touched
                    ? head with { Version = head.Version + 1, RowKey = VersionKey(head.Version + 1), ETag = version, ContentionETag = touched, Stale = [] }
                    : null;
                return;
            }
            catch (TableTransactionFailedException counted) when (counted.Status == 409 && counted.FailedTransactionActionIndex - markersFrom is { } index && index >= 0 && index < remaining.Count)
            {
                // That item's marker exists: it was counted before (a redelivery). Nothing was written, so the head
                // still holds unless someone committed since (then the next transaction is refused); commit the rest.
                queue.Known = head;
                remaining.RemoveAt(index);
                if (remaining.Count == 0)
                    return;
            }
            catch (TableTransactionFailedException counted) when (counted.Status == 409)
            {
                // The service did not say which marker exists: read them.
                var existing = await ReadRowsAsync(partition, remaining.Where(recording => recording.Event.Revision == 0).Select(recording => MarkerKey(recording.Event.TrackingCode)));
                if (remaining.RemoveAll(recording => recording.Event.Revision == 0 && existing[MarkerKey(recording.Event.TrackingCode)] is not null) == 0)
                    throw;
                queue.Known = head;
                if (remaining.Count == 0)
                    return;
            }
            catch (TableTransactionFailedException conflict) when (conflict.Status is 404 or 412 && attempt < MaxAttempts)
            {
                // Another instance committed to this partition since its version was read or written: read again, at
                // once after a blind write (nothing says the partition is contended), after a back-off otherwise.
                queue.Known = null;
                contended |= !blind;
                attempt++;
                if (!blind)
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 10 + (20 * Math.Min(attempt, 10)))));
            }
            catch
            {
                queue.Known = null;
                throw;
            }
        }
    }

    /// <summary>The item's marker: the counter it is counted in and at which revision, and, when the recording carries the item, its listing.</summary>
    private static TableEntity MarkerRow(string partition, Recording recording)
    {
        var trendEvent = recording.Event;
        var marker = new TableEntity(partition, MarkerKey(trendEvent.TrackingCode)) { ["Counter"] = CounterKey(trendEvent.Cell) };
        if (trendEvent.Revision > 0)
            marker[RevisionColumn] = trendEvent.Revision;
        if (recording.Item is { } item)
            AddListing(marker, item, trendEvent.Cell);
        return marker;
    }

    /// <summary>
    /// What the drill-down and the scorecard read of an item, beside its marker's counting columns: the cell it is
    /// counted in (the counter rows' own columns), its status and when it came, and the scorecard's columns.
    /// </summary>
    private static void AddListing(TableEntity marker, FeedbackItem item, TrendCell cell)
    {
        AddCellColumns(marker, cell);
        marker[StatusColumn] = item.Status.ToString();
        marker[NeedsReviewColumn] = item.Assessment?.NeedsReview ?? false;
        marker[ReceivedAtColumn] = item.ReceivedAt;
        ScorecardColumns.Add(marker, ScorecardEntry.Of(item));
    }

    /// <summary>Each row by its key, null where there is none.</summary>
    private async Task<Dictionary<string, TableEntity?>> ReadRowsAsync(string partition, IEnumerable<string> rowKeys)
    {
        var keys = rowKeys.Distinct(StringComparer.Ordinal).ToArray();
        var rows = await Task.WhenAll(keys.Select(key => counters.GetOrNullAsync(partition, key, CancellationToken.None)));
        return keys.Zip(rows).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
    }

    /// <summary>The partition's highest version row and any stray lower ones; null when the partition has none yet.</summary>
    private async Task<PartitionHead?> ReadHeadAsync(string partition)
    {
        var versions = new List<TableEntity>();
        TableEntity? contention = null;
        try
        {
            await foreach (var row in counters.QueryAsync<TableEntity>(VersionsAndContention(partition), cancellationToken: CancellationToken.None))
            {
                if (row.RowKey == ContentionKey)
                    contention = row;
                else
                    versions.Add(row);
            }
        }
        catch (RequestFailedException missing) when (missing.IsTableNotFound())
        {
            // The first count ever (Local mode: in Azure the deployment creates the table).
            await counters.CreateIfNotExistsAsync(CancellationToken.None);
        }
        if (versions.Count == 0)
            return null;
        var head = versions.MaxBy(version => version.RowKey, StringComparer.Ordinal)!;
        var stale = versions.Where(version => version != head).Take(MaxStaleVersionsRemoved).ToArray();
        var headVersion = VersionOf(head);
        return new PartitionHead(headVersion, head.RowKey, head.ETag, head.GetBoolean(ListingColumn) == true, stale, new Dictionary<string, long>(StringComparer.Ordinal), AllCountersKnown: headVersion == 0)
        {
            ContentionETag = contention?.ETag,
            ContendedUntil = contention?.GetDateTimeOffset(ContendedUntilColumn) ?? DateTimeOffset.MinValue,
        };
    }

    /// <summary>
    /// Marks the partition contended for <see cref="ContentionWindow"/>: an unconditional write, so it refuses the next
    /// blind commit of an instance that commits too often for this one's read-then-commit to get through.
    /// </summary>
    private async Task<PartitionHead> SignalContentionAsync(string partition, PartitionHead head)
    {
        var until = DateTimeOffset.UtcNow + ContentionWindow;
        var written = await counters.UpsertEntityAsync(new TableEntity(partition, ContentionKey) { [ContendedUntilColumn] = until }, TableUpdateMode.Merge, CancellationToken.None);
        return head with { ContentionETag = written.Headers.ETag, ContendedUntil = until };
    }

    /// <summary>Version 0 of a partition nobody has written yet; another writer may have just created it, which is as good.</summary>
    private async Task StartPartitionAsync(string partition)
    {
        // False when another writer created it in the meantime.
        await counters.TryAddAsync(new TableEntity(partition, VersionKey(0)) { [ListingColumn] = true }, CancellationToken.None);
    }

    private static string RowsStartingWith(string partition, string prefix) => $"PartitionKey eq {Quoted(partition)} and {RowRange(prefix)}";

    private static string VersionsAndContention(string partition) => $"PartitionKey eq {Quoted(partition)} and {RowRange(VersionPrefix, ContentionKey)}";

    private static string RowRange(string prefix) => RowRange(prefix, prefix);

    /// <summary>The rows from the first whose key starts with <paramref name="firstPrefix"/> to the last whose key starts with <paramref name="lastPrefix"/>.</summary>
    private static string RowRange(string firstPrefix, string lastPrefix) => TableClient.CreateQueryFilter($"RowKey ge {firstPrefix} and RowKey lt {lastPrefix[..^1] + AfterSeparator}");

    private static string Quoted(string value) => TableClient.CreateQueryFilter($"{value}");

    /// <summary>The version after <paramref name="head"/>, which says what it said about where the partition's items are listed.</summary>
    private static TableEntity VersionRow(string partition, PartitionHead head)
    {
        var version = new TableEntity(partition, VersionKey(head.Version + 1));
        if (head.Listing)
            version[ListingColumn] = true;
        return version;
    }

    private static string VersionKey(long version) => VersionPrefix + version.ToString("D19", CultureInfo.InvariantCulture);

    private static long VersionOf(TableEntity version) => long.Parse(version.RowKey.AsSpan(VersionPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);

    private static TableEntity CounterRow(string partition, string key, TrendCell cell, long count)
    {
        var row = new TableEntity(partition, key) { ["Count"] = count };
        AddCellColumns(row, cell);
        return row;
    }

    private static void AddCellColumns(TableEntity row, TrendCell cell)
    {
        row["Topic"] = cell.Topic;
        row["Sentiment"] = cell.Sentiment;
        row["AgencyKey"] = cell.AgencyKey;
        if (cell.County is not null)
            row["County"] = cell.County;
        if (cell.Rating is { } rating)
            row["Rating"] = rating;
        if (cell.Kind != ItemKind.Case)
            row[KindColumn] = cell.Kind.ToString();
        ResolutionColumns.Add(row, cell);
    }

    /// <summary>The cell of a counter row or a listing.</summary>
    internal static TrendCell CellOf(TableEntity row) => new(
        row.GetString("Topic") ?? string.Empty,
        row.GetString("Sentiment") ?? string.Empty,
        row.GetString("AgencyKey") ?? string.Empty,
        row.GetString("County"),
        row.GetInt32("Rating"),
        Enum.TryParse<ItemKind>(row.GetString(KindColumn), out var kind) ? kind : ItemKind.Case,
        row.GetBoolean(ResolutionColumns.Resolved) ?? false,
        row.GetInt32(ResolutionColumns.ResolutionRating),
        row.GetBoolean(ResolutionColumns.Reopened) ?? false);

    /// <summary>A trend event to count, with the item it was made of when there is one (to list it).</summary>
    private sealed record Recording(TrendEvent Event, FeedbackItem? Item);

    private sealed record WaitingEvent(Recording Recording)
    {
        public TrendEvent Event => Recording.Event;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The partition's version as read or as this instance wrote it, and the counters known at it; when
    /// <paramref name="AllCountersKnown"/>, a counter not in <paramref name="Counts"/> is absent.
    /// </summary>
    private sealed record PartitionHead(long Version, string RowKey, ETag ETag, bool Listing, IReadOnlyList<TableEntity> Stale, Dictionary<string, long> Counts, bool AllCountersKnown)
    {
        /// <summary>The contention row's ETag, null while the partition has none.</summary>
        public ETag? ContentionETag { get; init; }

        /// <summary>Until when the partition is contended (every instance reads before it commits).</summary>
        public DateTimeOffset ContendedUntil { get; init; }
    }

    private sealed class PartitionQueue
    {
        public List<WaitingEvent> Waiting { get; } = [];

        /// <summary>The version this instance wrote last in the partition, and the counters at it. Only the partition's one flush uses it.</summary>
        public PartitionHead? Known { get; set; }

        public bool Flushing { get; set; }

        /// <summary>The oldest waiting recordings of up to <see cref="BatchSize"/> different items, with every recording of those items.</summary>
        public List<WaitingEvent> TakeBatch()
        {
            var items = Waiting.Select(waiting => waiting.Event.TrackingCode).Distinct().Take(BatchSize).ToHashSet();
            var batch = Waiting.Where(waiting => items.Contains(waiting.Event.TrackingCode)).ToList();
            Waiting.RemoveAll(waiting => items.Contains(waiting.Event.TrackingCode));
            return batch;
        }
    }
}

/// <summary>
/// The columns of an item's day listing (its trend marker; before, a <c>ProvinceDays</c> row) the public scorecard
/// reads, so that it lists a province's day without reading an item: the counter office, when the item reached its agency, was acknowledged and
/// closed, whether a deadline was missed, and the resolution survey's answer and reopenings. Rows written before
/// these columns existed read as not known (null), and the scorecard leaves them out of those figures.
/// </summary>
public static class ScorecardColumns
{
    public const string CounterOffice = "CounterOffice";
    public const string AssignedAt = "AssignedAt";
    public const string AcknowledgedAt = "AcknowledgedAt";
    public const string ClosedAt = "ClosedAt";
    public const string SlaMissed = "SlaMissed";
    public const string ResolutionRating = "ResolutionRating";
    public const string ReopenCount = "ReopenCount";

    private const string Status = "Status";
    private const string Sentiment = "Sentiment";
    private const string AgencyKey = "AgencyKey";

    /// <summary>What a scorecard query asks for: the columns of <see cref="EntryOf"/>, nothing of the text.</summary>
    public static IReadOnlyList<string> Selected { get; } =
        [Status, Sentiment, AgencyKey, TableTrendCounters.KindColumn, CounterOffice, AssignedAt, AcknowledgedAt, ClosedAt, SlaMissed, ResolutionRating, ReopenCount];

    /// <summary>Sets the scorecard's own columns of the day row <paramref name="row"/> (<see cref="EntryOf"/>'s inverse; the status, sentiment, agency and kind are the listing's).</summary>
    public static void Add(TableEntity row, ScorecardEntry entry)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.CounterOffice is not null)
            row[CounterOffice] = entry.CounterOffice;
        if (entry.AssignedAt is { } assignedAt)
            row[AssignedAt] = assignedAt;
        if (entry.AcknowledgedAt is { } acknowledgedAt)
            row[AcknowledgedAt] = acknowledgedAt;
        if (entry.ClosedAt is { } closedAt)
            row[ClosedAt] = closedAt;
        if (entry.SlaMissed is { } slaMissed)
            row[SlaMissed] = slaMissed;
        if (entry.ResolutionRating is { } rating)
            row[ResolutionRating] = rating;
        row[ReopenCount] = entry.ReopenCount;
    }

    /// <summary>The scorecard's entry for a day row of <paramref name="province"/>'s <paramref name="day"/>.</summary>
    public static ScorecardEntry EntryOf(TableEntity row, string province, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ScorecardEntry(
            province,
            day,
            row.GetString(AgencyKey) ?? string.Empty,
            row.GetString(CounterOffice),
            row.GetString(Sentiment) ?? string.Empty,
            Enum.TryParse<ItemKind>(row.GetString(TableTrendCounters.KindColumn), out var kind) ? kind : ItemKind.Case,
            Enum.TryParse<FeedbackStatus>(row.GetString(Status), out var status) ? status : FeedbackStatus.Routed,
            row.GetDateTimeOffset(AssignedAt),
            row.GetDateTimeOffset(AcknowledgedAt),
            row.GetDateTimeOffset(ClosedAt),
            row.GetBoolean(SlaMissed),
            row.GetInt32(ResolutionRating),
            row.GetInt32(ReopenCount) ?? 0);
    }
}

/// <summary>
/// A trend cell's resolution dimensions as columns, the same in a counter row and in the day index row the drill-down
/// reads: written only when set, so rows of unresolved items look as they did before resolutions were counted.
/// </summary>
public static class ResolutionColumns
{
    public const string Resolved = "Resolved";
    public const string ResolutionRating = "ResolutionRating";
    public const string Reopened = "Reopened";

    public static void Add(TableEntity row, TrendCell cell)
    {
        if (cell.Resolved)
            row[Resolved] = true;
        if (cell.ResolutionRating is { } rating)
            row[ResolutionRating] = rating;
        if (cell.Reopened)
            row[Reopened] = true;
    }
}
