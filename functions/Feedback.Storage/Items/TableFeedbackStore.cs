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
/// <item><c>FeedbackItems</c> — PK tracking code, RK "item": the status page and processing read one item by its code.</item>
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

    public Task<string?> TryCreateAsync(FeedbackItem item, CancellationToken cancellationToken) =>
        items.TryAddVersionedAsync(ToEntity(item), cancellationToken);

    public async Task<FeedbackItem?> GetAsync(TrackingCode trackingCode, CancellationToken cancellationToken)
    {
        var entity = await items.GetOrNullAsync(ItemPartition(trackingCode), ItemRow, cancellationToken);
        return entity is null ? null : FromEntity(entity);
    }

    public Task SaveAsync(FeedbackItem item, CancellationToken cancellationToken) =>
        items.UpsertEntityAsync(ToEntity(item), TableUpdateMode.Replace, cancellationToken);

    public async Task<VersionedItem?> GetVersionedAsync(TrackingCode trackingCode, CancellationToken cancellationToken)
    {
        var entity = await items.GetOrNullAsync(ItemPartition(trackingCode), ItemRow, cancellationToken);
        return entity is null ? null : new VersionedItem(FromEntity(entity), entity.ETag.ToString());
    }

    public Task<string?> TrySaveAsync(FeedbackItem item, string version, CancellationToken cancellationToken) =>
        items.TryReplaceAsync(ToEntity(item), version, cancellationToken);

    public async Task ReindexAsync(FeedbackItem previous, FeedbackItem current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        await Task.WhenAll(inbox.UpdateAsync(previous, current, cancellationToken), trends.RelistAsync(current, cancellationToken));
    }

    /// <summary>An item's partition in <c>FeedbackItems</c>: its tracking code.</summary>
    internal static string ItemPartition(TrackingCode trackingCode) => trackingCode.Value;

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
        var entity = new TableEntity(ItemPartition(item.TrackingCode), ItemRow)
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
        TrackingCode = TrackingCode.FromStored(entity.PartitionKey),
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
