using Feedback.Core.Items;
using Feedback.Core.Messaging;

namespace Feedback.Core.Intake;

/// <summary>
/// Intake's group commit: the items that arrive within <see cref="Linger"/> of each other (up to <see cref="MaxItems"/>,
/// or a message's worth of carried bytes), and while the batch before is still being written, form one batch. A batch's codes are drawn in one shard
/// (<see cref="NewCode"/>), so the store inserts them in one entity group transaction, and one
/// <c>feedback-intake</c> message carries them all (<see cref="ReceivedItems"/>): two requests for the batch where each
/// item cost an insert and a send. A code that turns out to be taken fails the whole transaction, which names it: a
/// web item's code is drawn again in the shard, an SMS's (its de-duplication claim names it) is given back to its
/// caller, and the rest are inserted again. A caller's task ends when its item is stored and handed over (or marked
/// pending when the hand-over failed); it is not cancelled with the caller, like the hand-over before it.
/// </summary>
/// <param name="randomBelow">The random source of shards and codes (<see cref="TrackingCode.NewCode(Func{int, int})"/>): cryptographic in production, seeded in tests.</param>
public sealed class IntakeBatches(IFeedbackStore store, IMessageSender sender, TimeProvider clock, TimeSpan linger, Func<int, int> randomBelow)
{
    /// <summary>The most items one batch holds: an entity group transaction's 100 actions, a message's 100 codes.</summary>
    public const int MaxItems = ReceivedItems.MaxCodes;

    /// <summary>How long a batch waits for company after its first item: the citizen's answer waits this much longer.</summary>
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromMilliseconds(50);

    private const int MaxInsertAttempts = 10;

    private readonly Lock gate = new();
    private readonly Dictionary<int, Batch> open = [];
    private readonly Dictionary<string, Batch> codesInBatches = new(StringComparer.Ordinal);
    private int nextShard = randomBelow(TrackingCode.Shards);
    private Task lastWrite = Task.CompletedTask;

    public TimeSpan Linger { get; } = linger >= TimeSpan.Zero ? linger : throw new ArgumentOutOfRangeException(nameof(linger));

    /// <summary>A new code in the shard of the batch now gathering, so that the item joins it.</summary>
    public TrackingCode NewCode()
    {
        int shard;
        lock (gate)
            shard = nextShard;
        return TrackingCode.NewCodeIn(shard, randomBelow);
    }

    /// <summary>
    /// Stores the item with its batch and hands the batch to processing: its receipt (under the code it was stored with:
    /// a web item's taken code is drawn again), or null when an SMS's code is taken or already in a batch (give it up).
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
            if (!codesInBatches.TryGetValue(item.TrackingCode.Value, out earlier))
            {
                var shard = item.TrackingCode.Shard;
                if (!open.TryGetValue(shard, out batch!))
                {
                    batch = new Batch(shard);
                    open[shard] = batch;
                    opened = true;
                }
                batch.Entries.Add(entry);
                batch.CarriedBytes += ReceivedItems.CarriedBytes(item);
                batch.Codes.Add(item.TrackingCode.Value);
                codesInBatches[item.TrackingCode.Value] = batch;
                full = batch.Entries.Count >= MaxItems || batch.CarriedBytes >= ReceivedItems.MaxCarriedBytes;
                if (full)
                    Close(batch);
            }
        }
        if (earlier is not null)
        {
            // The same code twice at once (an SMS delivered twice): the caller looks again once the first is stored.
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
        // Group commit: while the last batch closed is being written, this one keeps gathering, so a busy process writes
        // fewer, larger batches (an idle one at once). That write never throws: its failures go to its callers.
        Task earlier;
        lock (gate)
            earlier = lastWrite;
        await earlier;
        lock (gate)
        {
            if (batch.Closed)
                return;
            Close(batch);
        }
        await WriteAsync(batch);
    }

    /// <summary>Under the gate: no item joins the batch any more, batches now gathering wait for its write, and the next codes are drawn in another shard.</summary>
    private void Close(Batch batch)
    {
        batch.Closed = true;
        lastWrite = batch.Written.Task;
        open.Remove(batch.Shard);
        nextShard = randomBelow(TrackingCode.Shards);
    }

    private async Task WriteAsync(Batch batch)
    {
        var entries = batch.Entries;
        try
        {
            var versions = await InsertAsync(batch.Shard, entries);
            if (entries.Count == 0)
                return;
            var enqueued = await HandOverAsync(entries, versions);
            foreach (var entry in entries)
                entry.Done.TrySetResult(new IntakeReceipt(entry.Item.TrackingCode, enqueued));
        }
        catch (Exception failure)
        {
            foreach (var entry in entries)
                entry.Done.TrySetException(failure);
        }
        finally
        {
            lock (gate)
            {
                foreach (var code in batch.Codes)
                    codesInBatches.Remove(code);
            }
            batch.Written.TrySetResult();
        }
    }

    /// <returns>The items' versions in order; null when a retried transaction found the batch stored by its first try (versions unknown: processing reads them).</returns>
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
            if (await IsOwnEarlierWriteAsync(taken.Item))
                return null;
            if (taken.Item.SmsKey is null)
            {
                taken.Item = taken.Item with { TrackingCode = NewCodeBesides(shard, entries) };
                continue;
            }
            entries.Remove(taken);
            taken.Done.TrySetResult(null);
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

    /// <summary>One message for the batch; when it cannot be sent, every item is marked for the sweeper (false).</summary>
    private async Task<bool> HandOverAsync(List<Entry> entries, IReadOnlyList<string>? versions)
    {
        var items = entries.Select((entry, index) => new ReceivedItem(entry.Item.TrackingCode, versions is null ? null : new VersionedItem(entry.Item, versions[index]))).ToList();
        try
        {
            await sender.SendAsync(ReceivedItems.Queue, ReceivedItems.Fitting(items).ToMessage(), CancellationToken.None);
            return true;
        }
        catch (Exception)
        {
            var since = clock.GetUtcNow();
            await Task.WhenAll(entries.Select(entry => store.MarkPendingAsync(entry.Item.TrackingCode, since, CancellationToken.None)));
            return false;
        }
    }

    private sealed class Entry(FeedbackItem item)
    {
        public FeedbackItem Item { get; set; } = item;

        public TaskCompletionSource<IntakeReceipt?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Batch(int shard)
    {
        public int Shard { get; } = shard;

        public List<Entry> Entries { get; } = [];

        /// <summary>The codes it was given (as the gate's registry of codes in batches has them), whatever it drew again since.</summary>
        public List<string> Codes { get; } = [];

        public int CarriedBytes { get; set; }

        public bool Closed { get; set; }

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
