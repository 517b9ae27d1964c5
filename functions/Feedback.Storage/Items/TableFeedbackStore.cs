using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Storage.Agencies;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;
using Feedback.Storage.Trends;

namespace Feedback.Storage.Items;

/// <summary>
/// <see cref="IFeedbackStore"/> on Table Storage. Each table's keys serve one real query:
/// <list type="bullet">
/// <item><c>FeedbackItems</c> — PK <c>items-nn</c>, the code's shard (<see cref="TrackingCode.Shard"/>), RK tracking code: the
/// status page and processing read one item by its code, and the items of one intake batch (codes drawn in one shard)
/// are inserted, and saved by processing, in one entity group transaction. An SMS's de-duplication claim (RK
/// <c>sms|</c> SHA-256 of its key, the code it was given) is a row of its item's shard, the shard chosen from the key
/// (<see cref="SmsDeduplication.Shard"/>): inserted in the item's transaction, so a provider redelivery fails it and
/// finds the code it got first. Until <c>feedback migrate</c> (<see cref="MigrateLayoutsAsync"/>) has moved the rows of the
/// layouts before and left its marker row (docs/architecture.md, "Tables"), those rows are still found: an item under PK tracking code, RK "item" (a read tries the new key first, then
/// the old), a claim in <c>SmsDeduplication</c> (PK SHA-256 of the key).</item>
/// <item><c>IntakePending</c> — PK "pending", RK tracking code: the few items between store and enqueue, for the sweeper.</item>
/// </list>
/// The agency's inbox row is <see cref="TableAgencyInbox"/>'s, which owns that table; the item's listing in its
/// province's day (drill-down, scorecard) is <see cref="TableTrendCounters"/>'s, written with its count. Writes to the
/// shared partition (pending markers) are group-committed: under load many intakes' markers share one entity group
/// transaction.
/// </summary>
public sealed partial class TableFeedbackStore(TableServiceClient tables, TableAgencyInbox inbox, TableTrendCounters trends) : IFeedbackStore
{
    public TableFeedbackStore(TableServiceClient tables)
        : this(tables, new TableAgencyInbox(tables), new TableTrendCounters(tables))
    {
    }

    private readonly TableWriteCoalescer shared = new();
    private readonly TableClient items = tables.GetTableClient(ItemsTable);
    private readonly TableClient smsClaims = tables.GetTableClient(SmsTable);
    private readonly TableClient pending = tables.GetTableClient(PendingTable);

    public const string ItemsTable = "FeedbackItems";
    public const string SmsTable = "SmsDeduplication";
    public const string PendingTable = "IntakePending";

    private const string ItemRow = "item";

    /// <summary>An SMS claim's row key in its shard: never a tracking code (digits alone).</summary>
    private const string ClaimRowPrefix = "sms|";

    /// <summary>
    /// The row <see cref="MigrateLayoutsAsync"/> writes in <c>FeedbackItems</c> when no row of the layouts before is left: a store
    /// that reads it never looks for them again (its partition is neither a code nor a shard).
    /// </summary>
    public const string MarkerPartition = "layout";

    public const string MigratedRow = "migrated";

    /// <summary>The one partition of <c>IntakePending</c>.</summary>
    internal const string PendingPartition = "pending";

    public static IReadOnlyList<string> Tables { get; } = [ItemsTable, SmsTable, PendingTable, TableAgencyInbox.InboxTable];

    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        foreach (var table in Tables)
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
    }

    public async Task<string?> TryCreateAsync(FeedbackItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return (await TryCreateAllAsync([item], cancellationToken)).Versions?[0];
    }

    /// <summary>
    /// One insert, or one entity group transaction for several (their codes share a shard), with each SMS's
    /// de-duplication claim: its items first, then their claims, so a retried transaction whose first try was stored
    /// fails on its first item. A code that an item of the old layout holds is taken too, and a key that a claim of the
    /// old layout holds for another code is claimed: while the old rows exist (<see cref="LegacyAsync"/>) each is looked
    /// up there first, one point read an item or SMS; a deployment that never had them, or has migrated them, skips it.
    /// </summary>
    public async Task<CreatedItems> TryCreateAllAsync(IReadOnlyList<FeedbackItem> newItems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newItems);
        if (newItems.Count == 0 || newItems.Select(item => ItemPartition(item.TrackingCode)).Distinct().Count() != 1)
            throw new ArgumentException("a batch of new items shares one shard", nameof(newItems));
        var claims = newItems.Select((item, index) => (Index: index, Key: item.SmsKey)).Where(claim => claim.Key is not null).Select(claim => (claim.Index, Key: claim.Key!)).ToList();
        if (claims.Exists(claim => SmsDeduplication.Shard(claim.Key) != newItems[0].TrackingCode.Shard))
            throw new ArgumentException("an SMS's item is stored in its key's shard", nameof(newItems));
        var legacy = await LegacyAsync(cancellationToken);
        if (legacy.Items)
        {
            var held = await Task.WhenAll(newItems.Select(item => items.GetOrNullAsync(LegacyPartition(item.TrackingCode), ItemRow, cancellationToken)));
            if (Array.FindIndex(held, row => row is not null) is var index and >= 0)
                return new CreatedItems(null, index);
        }
        if (legacy.Claims)
        {
            var held = await Task.WhenAll(claims.Select(claim => FindLegacyClaimAsync(claim.Key, cancellationToken)));
            for (var at = 0; at < claims.Count; at++)
            {
                if (held[at] is { } code && code != newItems[claims[at].Index].TrackingCode)
                    return new CreatedItems(null, claims[at].Index, ClaimTaken: true);
            }
        }
        var rows = newItems.Select(ToEntity).Concat(claims.Select(claim => ClaimEntity(claim.Key, newItems[claim.Index].TrackingCode))).ToList();
        if (rows.Count == 1)
        {
            var version = await items.TryAddVersionedAsync(rows[0], cancellationToken);
            return version is null ? new CreatedItems(null, 0) : new CreatedItems([version], -1);
        }
        try
        {
            using var counted = StorageCaller.ForTransaction(ItemsTable, "shard");
            var responses = await items.SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)), cancellationToken);
            return new CreatedItems([.. responses.Value.Take(newItems.Count).Select(response => response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("the service answered an insert without an ETag"))], -1);
        }
        catch (TableTransactionFailedException taken) when (taken.Status == 409 && taken.FailedTransactionActionIndex is { } index)
        {
            return index < newItems.Count ? new CreatedItems(null, index) : new CreatedItems(null, claims[index - newItems.Count].Index, ClaimTaken: true);
        }
    }

    public async Task<FeedbackItem?> GetAsync(TrackingCode trackingCode, CancellationToken cancellationToken) =>
        (await GetVersionedAsync(trackingCode, cancellationToken))?.Item;

    /// <summary>Replaces the item where it is stored (the new key, else the old); an item stored nowhere is inserted under the new key.</summary>
    public async Task SaveAsync(FeedbackItem item, CancellationToken cancellationToken)
    {
        if (await TryReplaceWhereStoredAsync(item, ETag.All, cancellationToken) is null)
            await items.UpsertEntityAsync(ToEntity(item), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// The new key's row, else (while items of the old layout exist) the old key's: such an item costs two point reads,
    /// an unknown code three. The new key is read again after both missed: a migration copies before it deletes, so an
    /// item it moved between the first two reads is under the new key by then.
    /// </summary>
    public async Task<VersionedItem?> GetVersionedAsync(TrackingCode trackingCode, CancellationToken cancellationToken)
    {
        var entity = await items.GetOrNullAsync(ItemPartition(trackingCode), trackingCode.Value, cancellationToken);
        if (entity is null && (await LegacyAsync(cancellationToken)).Items)
        {
            entity = await items.GetOrNullAsync(LegacyPartition(trackingCode), ItemRow, cancellationToken)
                ?? await items.GetOrNullAsync(ItemPartition(trackingCode), trackingCode.Value, cancellationToken);
        }
        return entity is null ? null : new VersionedItem(FromEntity(entity), entity.ETag.ToString());
    }

    public Task<string?> TrySaveAsync(FeedbackItem item, string version, CancellationToken cancellationToken) =>
        TryReplaceWhereStoredAsync(item, new ETag(version), cancellationToken);

    /// <summary>
    /// Items that share a shard in one transaction, each only over its version. A transaction refused names the item
    /// that changed (or is stored under the old key): it is left to the caller, which saves it alone, and the rest are
    /// tried again together, so one item that a redelivery's twin saved first does not send its whole batch one by one.
    /// </summary>
    public async Task<IReadOnlyList<string?>?> TrySaveAllAsync(IReadOnlyList<VersionedItem> changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (changed.Count < 2 || changed.Select(item => ItemPartition(item.Item.TrackingCode)).Distinct().Count() != 1)
            return null;
        var versions = new string?[changed.Count];
        var left = Enumerable.Range(0, changed.Count).ToList();
        while (left.Count > 1)
        {
            try
            {
                using var counted = StorageCaller.ForTransaction(ItemsTable, "shard");
                var responses = await items.SubmitTransactionAsync(left.Select(index => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(changed[index].Item), new ETag(changed[index].Version))), cancellationToken);
                for (var saved = 0; saved < left.Count; saved++)
                    versions[left[saved]] = responses.Value[saved].Headers.ETag?.ToString() ?? throw new InvalidOperationException("the service answered a save without an ETag");
                return versions;
            }
            catch (TableTransactionFailedException refused) when (refused.Status is 404 or 412 && refused.FailedTransactionActionIndex is { } index && index < left.Count)
            {
                left.RemoveAt(index);
            }
        }
        return versions;
    }

    /// <summary>Replaces the row under the new key, else (while items of the old layout exist) under the old, if it has <paramref name="version"/>: the new version, or null when it changed or is stored under neither.</summary>
    private async Task<string?> TryReplaceWhereStoredAsync(FeedbackItem item, ETag version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var entity = ToEntity(item);
        var keys = (await LegacyAsync(cancellationToken)).Items ? new[] { (entity.PartitionKey, entity.RowKey), (LegacyPartition(item.TrackingCode), ItemRow) } : [(entity.PartitionKey, entity.RowKey)];
        foreach (var (partition, row) in keys)
        {
            entity.PartitionKey = partition;
            entity.RowKey = row;
            try
            {
                var response = await items.UpdateEntityAsync(entity, version, TableUpdateMode.Replace, cancellationToken);
                return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("the service answered a save without an ETag");
            }
            catch (RequestFailedException missing) when (missing.Status == 404)
            {
                // Not under this key: the next.
            }
            catch (RequestFailedException changed) when (changed.Status == 412)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>
    /// Which layouts before the current one may still hold rows: none when a migration left its marker (one point
    /// read); else whether any item is stored under the old key (its partition a code: digits, which sort before
    /// <c>items-</c> and <c>layout</c>) and whether <c>SmsDeduplication</c> holds any claim, one query each that stops
    /// at the first row. Nothing writes the old layouts any more, so an answer of none is kept for the store's life;
    /// one that found old rows is asked again after <see cref="LegacyRecheck"/>, so running apps stop reading them
    /// within that time of <c>feedback migrate</c>'s marker, without a restart. The ask is shared by the requests that
    /// wait for it, so it is not cancelled with the one that started it; one that failed is asked again.
    /// </summary>
    private Task<LegacyRows> LegacyAsync(CancellationToken cancellationToken)
    {
        var asked = legacyRows;
        if (asked is null || asked.IsFaulted || asked.IsCanceled || (asked.IsCompletedSuccessfully && asked.Result.Any && Environment.TickCount64 - legacyAskedAt >= (long)LegacyRecheck.TotalMilliseconds))
        {
            legacyAskedAt = Environment.TickCount64;
            legacyRows = asked = FindLegacyRowsAsync(CancellationToken.None);
        }
        return asked.WaitAsync(cancellationToken);
    }

    private Task<LegacyRows>? legacyRows;
    private long legacyAskedAt;

    /// <summary>How long a store trusts its answer that rows of the old layouts exist before it looks for the marker again.</summary>
    internal TimeSpan LegacyRecheck { get; init; } = TimeSpan.FromMinutes(1);

    private async Task<LegacyRows> FindLegacyRowsAsync(CancellationToken cancellationToken)
    {
        if (await items.GetOrNullAsync(MarkerPartition, MigratedRow, cancellationToken) is not null)
            return new LegacyRows(false, false);
        return new LegacyRows(await AnyRowAsync(items, $"PartitionKey lt '{ShardPrefix}'", cancellationToken), await AnyRowAsync(smsClaims, null, cancellationToken));
    }

    private static async Task<bool> AnyRowAsync(TableClient table, string? filter, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages())
            {
                if (page.Values.Count > 0)
                    return true;
            }
        }
        catch (RequestFailedException missing) when (missing.IsTableNotFound())
        {
            // A table never created holds nothing.
        }
        return false;
    }

    private sealed record LegacyRows(bool Items, bool Claims)
    {
        public bool Any => Items || Claims;
    }

    public async Task ReindexAsync(FeedbackItem previous, FeedbackItem current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        await Task.WhenAll(inbox.UpdateAsync(previous, current, cancellationToken), trends.RelistAsync(current, cancellationToken));
    }

    /// <summary>An item's partition in <c>FeedbackItems</c>: its code's shard (its row key is the code).</summary>
    public static string ItemPartition(TrackingCode trackingCode) => ShardPartition(trackingCode.Shard);

    /// <summary>Shard <paramref name="shard"/>'s partition in <c>FeedbackItems</c>: its items and the SMS claims its keys choose.</summary>
    private static string ShardPartition(int shard) => $"{ShardPrefix}{shard:D2}";

    /// <summary>An item's partition in the layout before the shards (its row key was <c>item</c>).</summary>
    internal static string LegacyPartition(TrackingCode trackingCode) => trackingCode.Value;

    private const string ShardPrefix = "items-";

    /// <summary>Drops a claim of the old layout that names <paramref name="trackingCode"/> (another item's: the claim's own item was never stored).</summary>
    public async Task ReleaseSmsClaimAsync(string deduplicationKey, TrackingCode trackingCode, CancellationToken cancellationToken)
    {
        var key = SmsPartition(deduplicationKey);
        var claim = await smsClaims.GetOrNullAsync(key, string.Empty, cancellationToken);
        if (claim?.GetString("TrackingCode") != trackingCode.Value)
            return;
        try
        {
            await smsClaims.DeleteEntityAsync(key, string.Empty, claim.ETag, cancellationToken);
        }
        catch (RequestFailedException changed) when (changed.IsVersionConflict())
        {
            // Another delivery moved the claim first: theirs stands.
        }
    }

    /// <summary>An SMS's de-duplication claim's partition in <c>SmsDeduplication</c>, the layout before the claims moved into the item shards.</summary>
    public static string SmsPartition(string deduplicationKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deduplicationKey)));

    /// <summary>An SMS's claim's partition: the item shard its key chooses (<see cref="SmsDeduplication.Shard"/>).</summary>
    public static string ClaimPartition(string deduplicationKey) => ShardPartition(SmsDeduplication.Shard(deduplicationKey));

    /// <summary>An SMS's claim's row key in its shard: never a code, and nothing readable of the key.</summary>
    internal static string ClaimRow(string deduplicationKey) => ClaimRowPrefix + SmsPartition(deduplicationKey);

    private static TableEntity ClaimEntity(string deduplicationKey, TrackingCode trackingCode) =>
        new(ClaimPartition(deduplicationKey), ClaimRow(deduplicationKey)) { ["TrackingCode"] = trackingCode.Value };

    /// <summary>
    /// What the readiness check asks of storage: a one-entity query of <c>FeedbackItems</c> through
    /// <paramref name="tables"/> (the probe's clients). False when the service answers that the table does not exist yet.
    /// </summary>
    public static async Task<bool> ProbeAsync(TableServiceClient tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        try
        {
            await tables.GetTableClient(ItemsTable).QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).FirstAsync(cancellationToken);
            return true;
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return false;
        }
    }

    /// <summary>The items stored, counted over the whole table (the load report's check on a run's own storage): SMS claims and the marker are not items.</summary>
    public async Task<int> CountItemsAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var row in items.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (row.PartitionKey != MarkerPartition && !row.RowKey.StartsWith(ClaimRowPrefix, StringComparison.Ordinal))
                count++;
        }
        return count;
    }

    /// <summary>
    /// The items of one shard (its SMS claims left out), one single-partition range read: a request per 1,000 items
    /// where a point read a code would cost one each. Items of the layout before are not in a shard.
    /// </summary>
    public async IAsyncEnumerable<FeedbackItem> ReadShardAsync(int shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, TrackingCode.Shards);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ShardPartition(shard)} and RowKey lt {ClaimRowPrefix}");
        await foreach (var entity in items.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            yield return FromEntity(entity);
    }

    /// <summary>The code an SMS's de-duplication key was claimed for; null while unclaimed. A claim of the old layout is looked for too until it is migrated.</summary>
    public async Task<TrackingCode?> FindSmsClaimAsync(string deduplicationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deduplicationKey);
        if ((await items.GetOrNullAsync(ClaimPartition(deduplicationKey), ClaimRow(deduplicationKey), cancellationToken))?.GetString("TrackingCode") is { } code)
            return TrackingCode.FromStored(code);
        return (await LegacyAsync(cancellationToken)).Claims ? await FindLegacyClaimAsync(deduplicationKey, cancellationToken) : null;
    }

    private async Task<TrackingCode?> FindLegacyClaimAsync(string deduplicationKey, CancellationToken cancellationToken) =>
        (await smsClaims.GetOrNullAsync(SmsPartition(deduplicationKey), string.Empty, cancellationToken))?.GetString("TrackingCode") is { } code
            ? TrackingCode.FromStored(code)
            : null;

    public Task MarkPendingAsync(TrackingCode trackingCode, DateTimeOffset since, CancellationToken cancellationToken) =>
        shared.UpsertAsync(pending, new TableEntity(PendingPartition, trackingCode.Value) { ["Since"] = since }).WaitAsync(cancellationToken);

    public Task ClearPendingAsync(TrackingCode trackingCode, CancellationToken cancellationToken) =>
        shared.DeleteAsync(pending, PendingPartition, trackingCode.Value).WaitAsync(cancellationToken);

    public async Task<IReadOnlyList<TrackingCode>> ListPendingAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        var waiting = new List<(DateTimeOffset Since, string Code)>();
        await foreach (var entity in pending.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition} and Since lt {before}"), cancellationToken: cancellationToken))
            waiting.Add((entity.GetDateTimeOffset("Since") ?? before, entity.RowKey));
        return waiting.OrderBy(entry => entry.Since).Take(max).Select(entry => TrackingCode.FromStored(entry.Code)).ToArray();
    }

    public Task IndexAsync(FeedbackItem item, CancellationToken cancellationToken) => inbox.AddAsync(item, cancellationToken);

    private static TableEntity ToEntity(FeedbackItem item)
    {
        var entity = new TableEntity(ItemPartition(item.TrackingCode), item.TrackingCode.Value)
        {
            ["Channel"] = item.Channel.ToString(),
            ["Text"] = item.Text,
            ["Province"] = item.Province,
            ["ReceivedAt"] = item.ReceivedAt,
            ["Status"] = item.Status.ToString(),
            ["History"] = JsonSerializer.Serialize(item.History),
        };
        SetIfPresent(entity, "County", item.County);
        if (item.CountyInferred)
            entity["CountyInferred"] = true;
        SetIfPresent(entity, "EncryptedPhone", item.EncryptedPhone);
        SetIfPresent(entity, "EncryptedText", item.EncryptedText);
        SetIfPresent(entity, "EncryptedMessage", item.EncryptedMessage);
        SetIfPresent(entity, "PhoneHash", item.PhoneHash?.Value);
        SetIfPresent(entity, "CounterOffice", item.CounterOffice);
        SetIfPresent(entity, "ServiceCode", item.ServiceCode);
        SetIfPresent(entity, "ServiceName", item.ServiceName);
        SetIfPresent(entity, "FailureReason", item.FailureReason);
        SetIfPresent(entity, "SmsKey", item.SmsKey);
        SetIfPresent(entity, "NamedAgency", item.NamedAgency);
        SetIfPresent(entity, "SurveyId", item.SurveyId);
        SetIfPresent(entity, "AttachedTo", item.AttachedTo?.Value);
        if (item.Rating is { } rating)
            entity["Rating"] = rating;
        if (item.Assessment is { } assessment)
            entity["Assessment"] = JsonSerializer.Serialize(assessment);
        if (item.AcknowledgedAt is { } acknowledgedAt)
            entity["AcknowledgedAt"] = acknowledgedAt;
        if (item.ClosedAt is { } closedAt)
            entity["ClosedAt"] = closedAt;
        SetIfPresent(entity, "AgencyReply", item.AgencyReply);
        SetIfPresent(entity, "RejectionReason", item.RejectionReason);
        if (item.Reassignments.Count > 0)
            entity["Reassignments"] = JsonSerializer.Serialize(item.Reassignments);
        if (item.LabelCorrections.Count > 0)
            entity["LabelCorrections"] = JsonSerializer.Serialize(item.LabelCorrections);
        if (item.KindChanges.Count > 0)
            entity["KindChanges"] = JsonSerializer.Serialize(item.KindChanges);
        if (item.SlaFlags.Count > 0)
            entity["SlaFlags"] = JsonSerializer.Serialize(item.SlaFlags);
        if (item.CountedRevision > 0)
            entity["CountedRevision"] = item.CountedRevision;
        if (item.NoticesQueued > 0)
            entity["NoticesQueued"] = item.NoticesQueued;
        if (item.ResolutionRating is { } resolutionRating)
            entity["ResolutionRating"] = resolutionRating;
        if (item.ReopenCount > 0)
            entity["ReopenCount"] = item.ReopenCount;
        if (item.ResolutionAnswers.Count > 0)
            entity["ResolutionAnswers"] = JsonSerializer.Serialize(item.ResolutionAnswers);
        if (item.Questions.Count > 0)
            entity["Questions"] = JsonSerializer.Serialize(item.Questions);
        return entity;
    }

    private static FeedbackItem FromEntity(TableEntity entity) => new()
    {
        TrackingCode = TrackingCode.FromStored(entity.RowKey == ItemRow ? entity.PartitionKey : entity.RowKey),
        Channel = Enum.Parse<FeedbackChannel>(entity.GetString("Channel")!),
        Text = entity.GetString("Text")!,
        Province = entity.GetString("Province")!,
        County = entity.GetString("County"),
        CountyInferred = entity.GetBoolean("CountyInferred") ?? false,
        Rating = entity.GetInt32("Rating"),
        EncryptedPhone = entity.GetString("EncryptedPhone"),
        EncryptedText = entity.GetString("EncryptedText"),
        EncryptedMessage = entity.GetString("EncryptedMessage"),
        PhoneHash = entity.GetString("PhoneHash") is { } phoneHash ? new PhoneHash(phoneHash) : null,
        CounterOffice = entity.GetString("CounterOffice"),
        ServiceCode = entity.GetString("ServiceCode"),
        ServiceName = entity.GetString("ServiceName"),
        ReceivedAt = entity.GetDateTimeOffset("ReceivedAt")!.Value,
        Status = Enum.Parse<FeedbackStatus>(entity.GetString("Status")!),
        Assessment = entity.GetString("Assessment") is { } assessment ? JsonSerializer.Deserialize<Assessment>(assessment) : null,
        FailureReason = entity.GetString("FailureReason"),
        SmsKey = entity.GetString("SmsKey"),
        NamedAgency = entity.GetString("NamedAgency"),
        SurveyId = entity.GetString("SurveyId"),
        AttachedTo = entity.GetString("AttachedTo") is { } attachedTo ? TrackingCode.FromStored(attachedTo) : null,
        History = JsonSerializer.Deserialize<StatusChange[]>(entity.GetString("History") ?? "[]") ?? [],
        AcknowledgedAt = entity.GetDateTimeOffset("AcknowledgedAt"),
        ClosedAt = entity.GetDateTimeOffset("ClosedAt"),
        AgencyReply = entity.GetString("AgencyReply"),
        RejectionReason = entity.GetString("RejectionReason"),
        Reassignments = JsonSerializer.Deserialize<Reassignment[]>(entity.GetString("Reassignments") ?? "[]") ?? [],
        LabelCorrections = JsonSerializer.Deserialize<LabelCorrection[]>(entity.GetString("LabelCorrections") ?? "[]") ?? [],
        KindChanges = JsonSerializer.Deserialize<KindChange[]>(entity.GetString("KindChanges") ?? "[]") ?? [],
        SlaFlags = JsonSerializer.Deserialize<SlaFlag[]>(entity.GetString("SlaFlags") ?? "[]") ?? [],
        NoticesQueued = entity.GetInt32("NoticesQueued") ?? 0,
        CountedRevision = entity.GetInt32("CountedRevision") ?? 0,
        ResolutionRating = entity.GetInt32("ResolutionRating"),
        ReopenCount = entity.GetInt32("ReopenCount") ?? 0,
        ResolutionAnswers = JsonSerializer.Deserialize<ResolutionAnswer[]>(entity.GetString("ResolutionAnswers") ?? "[]") ?? [],
        Questions = JsonSerializer.Deserialize<CitizenQuestion[]>(entity.GetString("Questions") ?? "[]") ?? [],
    };

    private static void SetIfPresent(TableEntity entity, string name, string? value)
    {
        if (value is not null)
            entity[name] = value;
    }
}
