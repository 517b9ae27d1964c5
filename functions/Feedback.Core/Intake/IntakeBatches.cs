using Feedback.Core.Items;
using Feedback.Core.Messaging;

namespace Feedback.Core.Intake;

/// <summary>
/// Intake's group commit: the items that arrive within <see cref="Linger"/> of each other (up to <see cref="MaxItems"/>),
/// and while the batch before is still being inserted, form one batch, so a batch grows with the load. Its items are
/// inserted one entity group transaction a shard (<see cref="TrackingCode.Shard"/>, up to 100 rows each), the
/// transactions side by side, and handed over in as few <c>feedback-intake</c> messages as hold them
/// (<see cref="ReceivedItems"/>: 100 codes, 32 KiB of carried items a message). An SMS's code is drawn in the
/// shard its de-duplication key chooses (<see cref="NewCodeFor"/>), its claim inserted in the same transaction; a web
/// item's code in the shard most of the batch is in (<see cref="NewCode"/>), so it shares a transaction, and drawn again
/// when the batch is written in the shard of one of its SMS if none is in its own (<see cref="JoinSmsShard"/>). A code that
/// turns out to be taken fails its shard's transaction, which names it, and is drawn again in the shard; an SMS whose
/// key turns out to be claimed (a redelivery) is given back to its caller, which finds the code claimed; the rest are
/// inserted again. A caller's task ends when its item is stored and handed over (or marked pending when the hand-over
/// failed); it is not cancelled with the caller, like the hand-over before it.
/// </summary>
/// <param name="randomBelow">The random source of shards and codes (<see cref="TrackingCode.NewCode(Func{int, int})"/>): cryptographic in production, seeded in tests.</param>
public sealed class IntakeBatches(IFeedbackStore store, IMessageSender sender, TimeProvider clock, TimeSpan linger, Func<int, int> randomBelow)
{
    /// <summary>
    /// The most items one batch holds: ten messages' worth of codes. Under a burst the batch gathering while the one before
    /// is inserted takes what arrives meanwhile, so its transactions carry more items each (a shard's SMS share one) and
    /// storage serves fewer, larger requests; one message's worth (100, in practice about 40 carried items) held a burst's
    /// intake to the rate at which storage served a transaction a shard for every 40 items.
    /// </summary>
    public const int MaxItems = 10 * ReceivedItems.MaxCodes;

    /// <summary>The most rows (items and SMS claims) one transaction inserts: an entity group transaction's 100 actions.</summary>
    private const int MaxRowsPerTransaction = 100;

    /// <summary>How long a batch waits for company after its first item: the citizen's answer waits this much longer.</summary>
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromMilliseconds(50);

    private const int MaxInsertAttempts = 10;

    private readonly Lock gate = new();
    private readonly Dictionary<string, Batch> codesInBatches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Batch> smsKeysInBatches = new(StringComparer.Ordinal);
    private Batch? gathering;
    private int nextShard = randomBelow(TrackingCode.Shards);
    private Task lastInsert = Task.CompletedTask;

    public TimeSpan Linger { get; } = linger >= TimeSpan.Zero ? linger : throw new ArgumentOutOfRangeException(nameof(linger));

    /// <summary>A new code in the shard most of the batch now gathering is in, so that the item shares its transaction.</summary>
    public TrackingCode NewCode()
    {
        int shard;
        lock (gate)
            shard = gathering is { Entries.Count: > 0 } batch ? batch.Entries.CountBy(entry => entry.Item.TrackingCode.Shard).MaxBy(count => count.Value).Key : nextShard;
        return TrackingCode.NewCodeIn(shard, randomBelow);
    }

    /// <summary>A new code for an SMS: in the shard its de-duplication key chooses, where its claim is stored with it.</summary>
    public TrackingCode NewCodeFor(string deduplicationKey) => TrackingCode.NewCodeIn(SmsDeduplication.Shard(deduplicationKey), randomBelow);

    /// <summary>
    /// Stores the item with its batch and hands the batch to processing: its receipt (under the code it was stored with:
    /// a taken code is drawn again), or null when an SMS's key is claimed already or in a batch now (look for its claim).
    /// </summary>
    public async Task<IntakeReceipt?> AddAsync(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var entry = new Entry(item);
        Batch? earlier;
        Batch batch = null!;
        bool opened = false, full = false;
        lock (gate)
        {
            if (!codesInBatches.TryGetValue(item.TrackingCode.Value, out earlier) && (item.SmsKey is null || !smsKeysInBatches.TryGetValue(item.SmsKey, out earlier)))
            {
                if (gathering is null)
                {
                    gathering = new Batch();
                    opened = true;
                }
                batch = gathering;
                batch.Entries.Add(entry);
                batch.Codes.Add(item.TrackingCode.Value);
                codesInBatches[item.TrackingCode.Value] = batch;
                if (item.SmsKey is not null)
                {
                    batch.SmsKeys.Add(item.SmsKey);
                    smsKeysInBatches[item.SmsKey] = batch;
                }
                full = batch.Entries.Count >= MaxItems;
                if (full)
                    Close(batch);
            }
        }
        if (earlier is not null)
        {
            // The same SMS twice at once (or its code): the caller looks for its claim once the first is stored.
            await earlier.Written.Task;
            return null;
        }
        if (full)
            _ = Task.Run(() => WriteAsync(batch));
        else if (opened)
            _ = Task.Run(() => LingerAsync(batch));
        return await entry.Done.Task;
    }

    private async Task LingerAsync(Batch batch)
    {
        if (Linger > TimeSpan.Zero)
            await Task.Delay(Linger, clock);
        // Group commit: while the last batch closed is being inserted, this one keeps gathering, so a busy process writes
        // fewer, larger batches (an idle one at once). Its hand-over to the queue overlaps this one's insert. That write
        // never throws: its failures go to its callers.
        Task earlier;
        lock (gate)
            earlier = lastInsert;
        await earlier;
        lock (gate)
        {
            if (batch.Closed)
                return;
            Close(batch);
        }
        await WriteAsync(batch);
    }

    /// <summary>Under the gate: no item joins the batch any more, the batch gathering next waits for its insert, and the next web codes are drawn in another shard.</summary>
    private void Close(Batch batch)
    {
        batch.Closed = true;
        lastInsert = batch.Inserted.Task;
        gathering = null;
        nextShard = randomBelow(TrackingCode.Shards);
    }

    /// <summary>Each shard's items inserted (the transactions side by side), then the stored ones handed over in one message; an insert's failure goes to its shard's callers.</summary>
    private async Task WriteAsync(Batch batch)
    {
        try
        {
            JoinSmsShard(batch.Entries);
            var groups = batch.Entries.GroupBy(entry => entry.Item.TrackingCode.Shard).SelectMany(Transactions).ToList();
            var inserted = await Task.WhenAll(groups.Select(async group =>
            {
                try
                {
                    return (group.Entries, Stored: true, Versions: await InsertAsync(group.Key, group.Entries));
                }
                catch (Exception failure)
                {
                    foreach (var entry in group.Entries)
                        entry.Done.TrySetException(failure);
                    return (group.Entries, Stored: false, Versions: null);
                }
            }));
            batch.Inserted.TrySetResult();
            var stored = inserted.Where(group => group.Stored).SelectMany(group => group.Entries.Select((entry, index) => (Entry: entry, Version: group.Versions?[index]))).ToList();
            if (stored.Count == 0)
                return;
            var entries = stored.Select(item => item.Entry).ToList();
            var handOvers = new List<Task>();
            var offset = 0;
            foreach (var message in ReceivedItems.Split([.. stored.Select(ToHandOver)]))
            {
                handOvers.Add(HandOverAsync(message, entries.GetRange(offset, message.Items.Count)));
                offset += message.Items.Count;
            }
            await Task.WhenAll(handOvers);
        }
        catch (Exception failure)
        {
            foreach (var entry in batch.Entries)
                entry.Done.TrySetException(failure);
        }
        finally
        {
            lock (gate)
            {
                foreach (var code in batch.Codes)
                    codesInBatches.Remove(code);
                foreach (var key in batch.SmsKeys)
                    smsKeysInBatches.Remove(key);
            }
            batch.Inserted.TrySetResult();
            batch.Written.TrySetResult();
        }
    }

    /// <summary>
    /// Web items whose shard holds no SMS of the batch get a new code in the shard holding the most of its SMS, so the
    /// batch costs a transaction a shard its SMS chose, not one more for its web items (here and in processing). Their
    /// callers have been given no code yet: each learns the one it was stored with.
    /// </summary>
    private void JoinSmsShard(List<Entry> entries)
    {
        var smsShards = entries.Where(entry => entry.Item.SmsKey is not null).CountBy(entry => entry.Item.TrackingCode.Shard).ToList();
        if (smsShards.Count == 0)
            return;
        var target = smsShards.MaxBy(shard => shard.Value).Key;
        foreach (var entry in entries.Where(entry => entry.Item.SmsKey is null && !smsShards.Exists(shard => shard.Key == entry.Item.TrackingCode.Shard)))
            entry.Item = entry.Item with { TrackingCode = NewCodeBesides(target, entries) };
    }

    /// <summary>A shard's entries in transactions of at most <see cref="MaxRowsPerTransaction"/> rows (an SMS takes two: its item and its claim).</summary>
    private static IEnumerable<ShardGroup> Transactions(IGrouping<int, Entry> shard)
    {
        var group = new ShardGroup(shard.Key, []);
        var rows = 0;
        foreach (var entry in shard)
        {
            var size = entry.Item.SmsKey is null ? 1 : 2;
            if (rows + size > MaxRowsPerTransaction)
            {
                yield return group;
                group = new ShardGroup(shard.Key, []);
                rows = 0;
            }
            group.Entries.Add(entry);
            rows += size;
        }
        yield return group;
    }

    /// <returns>The items' versions in order; null when a retried transaction found them stored by its first try (versions unknown: processing reads them).</returns>
    private async Task<IReadOnlyList<string>?> InsertAsync(int shard, List<Entry> entries)
    {
        for (var attempt = 0; attempt < MaxInsertAttempts; attempt++)
        {
            if (entries.Count == 0)
                return null;
            var created = await store.TryCreateAllAsync([.. entries.Select(entry => entry.Item)], CancellationToken.None);
            if (created.Versions is { } versions)
                return versions;
            var taken = entries[created.TakenIndex];
            if (created.ClaimTaken)
            {
                entries.Remove(taken);
                taken.Done.TrySetResult(null);
                continue;
            }
            if (await IsOwnEarlierWriteAsync(taken.Item))
                return null;
            taken.Item = taken.Item with { TrackingCode = NewCodeBesides(shard, entries) };
        }
        throw new InvalidOperationException($"no free tracking codes for a batch after {MaxInsertAttempts} attempts");
    }

    private TrackingCode NewCodeBesides(int shard, List<Entry> entries)
    {
        while (true)
        {
            var code = TrackingCode.NewCodeIn(shard, randomBelow);
            if (!entries.Exists(entry => entry.Item.TrackingCode == code))
                return code;
        }
    }

    /// <summary>
    /// A retried insert whose first try succeeded (its answer was lost) finds its own row: that is not a clash, and the
    /// transaction being all or nothing, the whole batch is stored.
    /// </summary>
    private async Task<bool> IsOwnEarlierWriteAsync(FeedbackItem item)
    {
        var existing = await store.GetAsync(item.TrackingCode, CancellationToken.None);
        return existing is not null && existing.ReceivedAt == item.ReceivedAt && existing.Text == item.Text && existing.PhoneHash == item.PhoneHash;
    }

    private static ReceivedItem ToHandOver((Entry Entry, string? Version) stored) =>
        new(stored.Entry.Item.TrackingCode, stored.Version is null ? null : new VersionedItem(stored.Entry.Item, stored.Version));

    /// <summary>One of the batch's messages (its <paramref name="entries"/>, in order); when it cannot be sent, its items are marked for the sweeper (not enqueued).</summary>
    private async Task HandOverAsync(ReceivedItems message, List<Entry> entries)
    {
        var enqueued = true;
        try
        {
            await sender.SendAsync(ReceivedItems.Queue, message.ToMessage(), CancellationToken.None);
        }
        catch (Exception)
        {
            var since = clock.GetUtcNow();
            await Task.WhenAll(entries.Select(entry => store.MarkPendingAsync(entry.Item.TrackingCode, since, CancellationToken.None)));
            enqueued = false;
        }
        foreach (var entry in entries)
            entry.Done.TrySetResult(new IntakeReceipt(entry.Item.TrackingCode, enqueued));
    }

    private sealed class Entry(FeedbackItem item)
    {
        public FeedbackItem Item { get; set; } = item;

        public TaskCompletionSource<IntakeReceipt?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Entries of one shard that one transaction inserts.</summary>
    private sealed record ShardGroup(int Key, List<Entry> Entries);

    private sealed class Batch
    {
        public List<Entry> Entries { get; } = [];

        /// <summary>The codes it was given (as the gate's registry of codes in batches has them), whatever it drew again since.</summary>
        public List<string> Codes { get; } = [];

        public List<string> SmsKeys { get; } = [];

        public bool Closed { get; set; }

        /// <summary>Its transactions are over (stored or failed); its hand-over may still be under way.</summary>
        public TaskCompletionSource Inserted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
