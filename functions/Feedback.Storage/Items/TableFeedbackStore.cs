using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Storage.Agencies;
using Feedback.Storage.Tables;
using Feedback.Storage.Trends;

namespace Feedback.Storage.Items;

/// <summary>
/// <see cref="IFeedbackStore"/> on Table Storage. Each table's keys serve one real query:
/// <list type="bullet">
/// <item><c>FeedbackItems</c> — PK <c>items-nn</c>, the code's shard (<see cref="TrackingCode.Shard"/>), RK tracking code: the
/// status page and processing read one item by its code, and the items of one intake batch (codes drawn in one shard)
/// are inserted, and saved by processing, in one entity group transaction. Items stored before (PK tracking code, RK
/// "item") are still found: a read tries the new key first, then the old.</item>
/// <item><c>SmsDeduplication</c> — PK SHA-256 of the SMS de-duplication key: a provider redelivery finds the code it got first.</item>
/// <item><c>IntakePending</c> — PK "pending", RK tracking code: the few items between store and enqueue, for the sweeper.</item>
/// </list>
/// The agency's inbox row is <see cref="TableAgencyInbox"/>'s, which owns that table; the item's listing in its
/// province's day (drill-down, scorecard) is <see cref="TableTrendCounters"/>'s, written with its count. Writes to the
/// shared partition (pending markers) are group-committed: under load many intakes' markers share one entity group
/// transaction.
/// </summary>
public sealed class TableFeedbackStore(TableServiceClient tables, TableAgencyInbox inbox, TableTrendCounters trends) : IFeedbackStore
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
    /// One insert, or one entity group transaction for several (their codes share a shard). A code that an item of
    /// the old layout holds is taken too: while old rows exist (<see cref="LegacyRowsExistAsync"/>) each code is
    /// looked up there first, one point read an item; a deployment that never had them skips it.
    /// </summary>
    public async Task<CreatedItems> TryCreateAllAsync(IReadOnlyList<FeedbackItem> newItems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newItems);
        if (newItems.Count == 0 || newItems.Select(item => ItemPartition(item.TrackingCode)).Distinct().Count() != 1)
            throw new ArgumentException("a batch of new items shares one shard", nameof(newItems));
        if (await LegacyRowsExistAsync(cancellationToken))
        {
            var legacy = await Task.WhenAll(newItems.Select(item => items.GetOrNullAsync(LegacyPartition(item.TrackingCode), ItemRow, cancellationToken)));
            if (Array.FindIndex(legacy, row => row is not null) is var held and >= 0)
                return new CreatedItems(null, held);
        }
        if (newItems.Count == 1)
        {
            var version = await items.TryAddVersionedAsync(ToEntity(newItems[0]), cancellationToken);
            return version is null ? new CreatedItems(null, 0) : new CreatedItems([version], -1);
        }
        try
        {
            var responses = await items.SubmitTransactionAsync(newItems.Select(item => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(item))), cancellationToken);
            return new CreatedItems([.. responses.Value.Select(response => response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("the service answered an insert without an ETag"))], -1);
        }
        catch (TableTransactionFailedException taken) when (taken.Status == 409 && taken.FailedTransactionActionIndex is { } index)
        {
            return new CreatedItems(null, index);
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

    /// <summary>The new key's row, else the old key's: an item stored before the shards costs two point reads, an unknown code too.</summary>
    public async Task<VersionedItem?> GetVersionedAsync(TrackingCode trackingCode, CancellationToken cancellationToken)
    {
        var entity = await items.GetOrNullAsync(ItemPartition(trackingCode), trackingCode.Value, cancellationToken)
            ?? await items.GetOrNullAsync(LegacyPartition(trackingCode), ItemRow, cancellationToken);
        return entity is null ? null : new VersionedItem(FromEntity(entity), entity.ETag.ToString());
    }

    public Task<string?> TrySaveAsync(FeedbackItem item, string version, CancellationToken cancellationToken) =>
        TryReplaceWhereStoredAsync(item, new ETag(version), cancellationToken);

    /// <summary>
    /// Items that share a shard in one transaction, each only over its version; when the transaction is refused (any of
    /// them changed, or is stored under the old key) nothing is saved and the caller saves them one by one.
    /// </summary>
    public async Task<IReadOnlyList<string>?> TrySaveAllAsync(IReadOnlyList<VersionedItem> changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (changed.Count < 2 || changed.Select(item => ItemPartition(item.Item.TrackingCode)).Distinct().Count() != 1)
            return null;
        try
        {
            var responses = await items.SubmitTransactionAsync(changed.Select(item => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(item.Item), new ETag(item.Version))), cancellationToken);
            return [.. responses.Value.Select(response => response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("the service answered a save without an ETag"))];
        }
        catch (TableTransactionFailedException refused) when (refused.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>Replaces the row under the new key, else under the old, if it has <paramref name="version"/>: the new version, or null when it changed or is stored under neither.</summary>
    private async Task<string?> TryReplaceWhereStoredAsync(FeedbackItem item, ETag version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var entity = ToEntity(item);
        foreach (var (partition, row) in new[] { (entity.PartitionKey, entity.RowKey), (LegacyPartition(item.TrackingCode), ItemRow) })
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
    /// Whether any item is still stored under the old key (its partition a code: digits, which sort before <c>items-</c>),
    /// asked once per store: one query that stops at the first such row.
    /// </summary>
    private Task<bool> LegacyRowsExistAsync(CancellationToken cancellationToken) =>
        legacyRowsExist ??= AnyLegacyRowAsync(cancellationToken);

    private Task<bool>? legacyRowsExist;

    private async Task<bool> AnyLegacyRowAsync(CancellationToken cancellationToken)
    {
        await foreach (var page in items.QueryAsync<TableEntity>($"PartitionKey lt '{ShardPrefix}'", maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages())
        {
            if (page.Values.Count > 0)
                return true;
        }
        return false;
    }

    public async Task ReindexAsync(FeedbackItem previous, FeedbackItem current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        await Task.WhenAll(inbox.UpdateAsync(previous, current, cancellationToken), trends.RelistAsync(current, cancellationToken));
    }

    /// <summary>An item's partition in <c>FeedbackItems</c>: its code's shard (its row key is the code).</summary>
    public static string ItemPartition(TrackingCode trackingCode) => $"{ShardPrefix}{trackingCode.Shard:D2}";

    /// <summary>An item's partition in the layout before the shards (its row key was <c>item</c>).</summary>
    internal static string LegacyPartition(TrackingCode trackingCode) => trackingCode.Value;

    private const string ShardPrefix = "items-";

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

    /// <summary>An SMS's de-duplication claim's partition in <c>SmsDeduplication</c>.</summary>
    internal static string SmsPartition(string deduplicationKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deduplicationKey)));

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

    /// <summary>The items stored, counted over the whole table (the load report's check on a run's own storage).</summary>
    public async Task<int> CountItemsAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in items.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken))
            count++;
        return count;
    }

    /// <summary>The code an SMS's de-duplication key was claimed for; null while unclaimed.</summary>
    public async Task<TrackingCode?> FindSmsClaimAsync(string deduplicationKey, CancellationToken cancellationToken) =>
        (await smsClaims.GetOrNullAsync(SmsPartition(deduplicationKey), string.Empty, cancellationToken))?.GetString("TrackingCode") is { } code
            ? TrackingCode.FromStored(code)
            : null;

    public async Task<TrackingCode> ClaimSmsAsync(string deduplicationKey, TrackingCode trackingCode, CancellationToken cancellationToken)
    {
        var key = SmsPartition(deduplicationKey);
        var claim = new TableEntity(key, string.Empty) { ["TrackingCode"] = trackingCode.Value };
        if (await smsClaims.TryAddAsync(claim, cancellationToken))
            return trackingCode;
        var existing = await smsClaims.GetOrNullAsync(key, string.Empty, cancellationToken);
        return TrackingCode.FromStored(existing?.GetString("TrackingCode") ?? throw new InvalidOperationException("an SMS claim vanished while being read"));
    }

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
        SetIfPresent(entity, "PhoneHash", item.PhoneHash?.Value);
        SetIfPresent(entity, "CounterOffice", item.CounterOffice);
        SetIfPresent(entity, "ServiceCode", item.ServiceCode);
        SetIfPresent(entity, "ServiceName", item.ServiceName);
        SetIfPresent(entity, "FailureReason", item.FailureReason);
        SetIfPresent(entity, "SmsKey", item.SmsKey);
        SetIfPresent(entity, "NamedAgency", item.NamedAgency);
        SetIfPresent(entity, "SurveyId", item.SurveyId);
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
