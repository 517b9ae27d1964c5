using Azure;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Items;

/// <summary>
/// <c>feedback migrate</c>: the rows of the layouts before moved into the current one, then the marker that no old row
/// is left (<see cref="MarkerPartition"/>), so that stores stop reading the old layouts.
/// </summary>
public sealed partial class TableFeedbackStore
{
    /// <summary>Rows moved at once: each is a few point requests, waited for one after another.</summary>
    private const int MovesInFlight = 8;

    /// <summary>
    /// Moves every item stored under the old key (PK its code, RK <c>item</c>: the only row such a partition ever held)
    /// to its shard under the new key, and every claim of <c>SmsDeduplication</c> to its <c>sms|</c> row in its key's
    /// shard, then writes the marker when none is left. Each row is copied (insert), the copy read back and compared,
    /// and only then is the old row deleted, conditional on its version: a store reads the new key first, then the old,
    /// so a row is always found in one place or the other, and a crash at any point leaves rows a later run moves. A
    /// copy already there with the same content counts as moved (a run that stopped before its delete); one with other
    /// content is a conflict, reported and left alone, as is a row of a shape the layouts never wrote. A claim that names
    /// no item, or an item of another SMS, is dropped, as intake drops it (its SMS never got the code). With
    /// <paramref name="dryRun"/> nothing is written: what would be moved, dropped or refused is counted.
    /// </summary>
    public async Task<LayoutMigration> MigrateLayoutsAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var migration = new LayoutMigration(dryRun);
        var options = new ParallelOptions { MaxDegreeOfParallelism = MovesInFlight, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items.RowsOrNoneAsync($"PartitionKey lt '{ShardPrefix}'", select: null, cancellationToken), options, async (row, token) => migration.Add(await MoveItemAsync(row, dryRun, token)));
        await Parallel.ForEachAsync(smsClaims.RowsOrNoneAsync(filter: null, select: null, cancellationToken), options, async (row, token) => migration.Add(await MoveClaimAsync(row, dryRun, token)));
        if (!dryRun && migration.Conflicts.Count == 0
            && !await AnyRowAsync(items, $"PartitionKey lt '{ShardPrefix}'", cancellationToken) && !await AnyRowAsync(smsClaims, null, cancellationToken))
        {
            await items.UpsertEntityAsync(new TableEntity(MarkerPartition, MigratedRow) { ["MigratedAt"] = DateTimeOffset.UtcNow }, TableUpdateMode.Replace, cancellationToken);
            migration.Marked = true;
        }
        return migration;
    }

    /// <summary>Whether the marker that no row of the layouts before is left is written.</summary>
    public async Task<bool> IsMigratedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await items.GetOrNullAsync(MarkerPartition, MigratedRow, cancellationToken) is not null;
        }
        catch (RequestFailedException missing) when (missing.IsTableNotFound())
        {
            return false;
        }
    }

    /// <summary>At most this many tries of one row, when the app changes it (or its copy) between the steps of a move.</summary>
    private const int MoveAttempts = 5;

    private async Task<MoveOutcome> MoveItemAsync(TableEntity old, bool dryRun, CancellationToken cancellationToken)
    {
        if (old.RowKey != ItemRow || TrackingCode.FromCanonical(old.PartitionKey) is not { } code)
            return MoveOutcome.Conflict($"FeedbackItems PK '{old.PartitionKey}' RK '{old.RowKey}': not an item of the old layout (PK a tracking code, RK 'item'); left as it is");
        var (partition, row) = (ItemPartition(code), code.Value);
        string? ours = null;
        ETag? copiedFrom = null;
        for (var attempt = 0; attempt < MoveAttempts; attempt++)
        {
            var copy = CopyOf(old, partition, row);
            var current = await items.GetOrNullAsync(partition, row, cancellationToken);
            if (dryRun)
                return current is null || SameContent(current, old) ? MoveOutcome.Item : MoveOutcome.Conflict(ItemConflict(code));
            if (current is null)
            {
                if ((ours = await items.TryAddVersionedAsync(copy, cancellationToken)) is null)
                    continue;
                copiedFrom = old.ETag;
            }
            else if (!SameContent(current, old) && copiedFrom != old.ETag)
            {
                // Our copy of an earlier version of the old row, untouched since: the old row changed after it was
                // copied (a save that found no copy yet), so the copy is brought up to date before the old row goes.
                if (ours is null || current.ETag.ToString() != ours)
                    return MoveOutcome.Conflict(ItemConflict(code));
                if (await items.TryReplaceAsync(copy, ours, cancellationToken) is not { } replaced)
                    continue;
                (ours, copiedFrom) = (replaced, old.ETag);
            }
            // Read back: the copy is there with the old row's content, or this run copied the old row's current
            // version and the app has saved the copy since (reads and saves find the new key first).
            var stored = await items.GetOrNullAsync(partition, row, cancellationToken);
            if (stored is null || !(SameContent(stored, old) || copiedFrom == old.ETag))
                continue;
            if (await TryDeleteOldAsync(items, old, cancellationToken))
                return MoveOutcome.Item;
            if (await items.GetOrNullAsync(old.PartitionKey, old.RowKey, cancellationToken) is not { } changed)
                return MoveOutcome.Item;
            old = changed;
        }
        return MoveOutcome.Conflict($"item {code}: changed under the migration {MoveAttempts} times; left in both layouts, run again");
    }

    private static string ItemConflict(TrackingCode code) =>
        $"item {code}: both layouts hold it, with different content; the app reads FeedbackItems PK {ItemPartition(code)} RK {code.Value}, the old row (PK {code.Value} RK item) is left";

    private async Task<MoveOutcome> MoveClaimAsync(TableEntity old, bool dryRun, CancellationToken cancellationToken)
    {
        if (old.RowKey.Length != 0 || TrackingCode.FromCanonical(old.GetString("TrackingCode")) is not { } code)
            return MoveOutcome.Conflict($"SmsDeduplication PK '{old.PartitionKey}' RK '{old.RowKey}': not an SMS claim (RK empty, a tracking code); left as it is");
        var key = (await GetAsync(code, cancellationToken))?.SmsKey;
        if (key is null || SmsPartition(key) != old.PartitionKey)
            return dryRun || await TryDeleteOldAsync(smsClaims, old, cancellationToken) ? MoveOutcome.DroppedClaim : MoveOutcome.Conflict($"SMS claim {old.PartitionKey}: changed while it was dropped; run again");
        var claim = ClaimEntity(key, code);
        for (var attempt = 0; attempt < MoveAttempts; attempt++)
        {
            var current = await items.GetOrNullAsync(claim.PartitionKey, claim.RowKey, cancellationToken);
            if (current is not null && current.GetString("TrackingCode") != code.Value)
                return MoveOutcome.Conflict($"SMS claim {old.PartitionKey}: the old one names item {code}, the one in FeedbackItems PK {claim.PartitionKey} item {current.GetString("TrackingCode")}; the old one is left");
            if (dryRun)
                return MoveOutcome.Claim;
            if (current is null && !await items.TryAddAsync(claim, cancellationToken))
                continue;
            if ((await items.GetOrNullAsync(claim.PartitionKey, claim.RowKey, cancellationToken))?.GetString("TrackingCode") != code.Value)
                continue;
            return await TryDeleteOldAsync(smsClaims, old, cancellationToken) ? MoveOutcome.Claim : MoveOutcome.Conflict($"SMS claim {old.PartitionKey}: changed while it was moved; run again");
        }
        return MoveOutcome.Conflict($"SMS claim {old.PartitionKey}: its copy could not be written and read back; run again");
    }

    /// <summary>Deletes the old row if it still has the version it was read at; false when it changed since. Gone already is deleted.</summary>
    private static async Task<bool> TryDeleteOldAsync(TableClient table, TableEntity old, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, old.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException gone) when (gone.Status == 404)
        {
            return true;
        }
        catch (RequestFailedException changed) when (changed.Status == 412)
        {
            return false;
        }
    }

    /// <summary>The old row's columns under the new keys (the service's own columns left out).</summary>
    private static TableEntity CopyOf(TableEntity old, string partition, string row)
    {
        var copy = new TableEntity(partition, row);
        foreach (var (name, value) in old.Where(column => !IsServiceColumn(column.Key)))
            copy[name] = value;
        return copy;
    }

    private static bool SameContent(TableEntity one, TableEntity other)
    {
        var columns = one.Keys.Where(name => !IsServiceColumn(name)).ToHashSet(StringComparer.Ordinal);
        return columns.SetEquals(other.Keys.Where(name => !IsServiceColumn(name)))
            && columns.All(name => Equals(one[name], other[name]));
    }

    private static bool IsServiceColumn(string name) =>
        name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";

    internal sealed record MoveOutcome(int Items, int Claims, int DroppedClaims, string? Conflicting)
    {
        public static readonly MoveOutcome Item = new(1, 0, 0, null);
        public static readonly MoveOutcome Claim = new(0, 1, 0, null);
        public static readonly MoveOutcome DroppedClaim = new(0, 0, 1, null);

        public static MoveOutcome Conflict(string what) => new(0, 0, 0, what);
    }

    /// <summary>What a run of <see cref="MigrateLayoutsAsync"/> moved (or, dry, would move), dropped and left.</summary>
    public sealed class LayoutMigration(bool dryRun)
    {
        private readonly Lock gate = new();
        private readonly List<string> conflicts = [];

        public bool DryRun { get; } = dryRun;

        public int Items { get; private set; }

        public int Claims { get; private set; }

        /// <summary>Old claims that named no item, or an item of another SMS: dropped, not moved.</summary>
        public int DroppedClaims { get; private set; }

        /// <summary>Rows left where they are, one line each, in code order.</summary>
        public IReadOnlyList<string> Conflicts
        {
            get
            {
                lock (gate)
                    return [.. conflicts.Order(StringComparer.Ordinal)];
            }
        }

        /// <summary>Whether this run wrote the marker (nothing of the old layouts was left).</summary>
        public bool Marked { get; internal set; }

        internal void Add(MoveOutcome outcome)
        {
            lock (gate)
            {
                Items += outcome.Items;
                Claims += outcome.Claims;
                DroppedClaims += outcome.DroppedClaims;
                if (outcome.Conflicting is { } conflict)
                    conflicts.Add(conflict);
            }
        }
    }
}
