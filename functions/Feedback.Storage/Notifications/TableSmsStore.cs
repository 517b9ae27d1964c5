using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Notifications;

/// <summary>
/// <see cref="ISmsStore"/> on Table Storage, in two tables whose rows that are read or written together share a partition:
/// <list type="bullet">
/// <item><c>PhoneStates</c> — PK the phone's keyed hash. RK "" is the phone's state (opted out, last survey, today's count;
/// changed under ETags); RK "sms|{SMS key}" is one SMS to that phone, its state and history. A dispatch reads the SMS and
/// the phone in one single-partition query and stores a sent SMS with today's count in one entity group transaction.</item>
/// <item><c>SmsReports</c> — PK "reports-{nn}", one of <see cref="ReportShards"/> shards by the provider's message id. RK
/// "id|{provider id}" finds a delivery report's SMS (kept); RK "wait|{provider id}" lists a sent SMS until it is final, for
/// the delivery-status poll (SentAt, and PollAgainAt once polled). Both are written in one transaction.</item>
/// </list>
/// Rows a build before this layout wrote (<c>OutgoingSms</c> by SMS key, <c>SmsProviderIds</c>, <c>SmsAwaitingReport</c>'s
/// one partition) are read only to finish the SMS they were waiting for: a delivery report whose id only the old index knows,
/// and each old awaiting entry at the next poll, copy their SMS into the new layout (never over a newer copy) and go on
/// from there. Phone states did not move.
/// </summary>
public sealed class TableSmsStore(TableServiceClient tables) : ISmsStore
{
    public const string PhonesTable = "PhoneStates";
    public const string ReportsTable = "SmsReports";

    /// <summary>Written by builds before SMS rows moved to their phone's partition; read until drained (see the class).</summary>
    public const string LegacySmsTable = "OutgoingSms";
    public const string LegacyProviderIdsTable = "SmsProviderIds";
    public const string LegacyAwaitingTable = "SmsAwaitingReport";

    /// <summary>How many partitions <c>SmsReports</c> spreads over: at the national peak none above an eighth of its limit (docs/capacity.md).</summary>
    public const int ReportShards = 16;

    private const string LegacyAwaitingPartition = "awaiting";
    private const string PhoneRow = "";
    private const string SmsRowPrefix = "sms|";
    private const string IdRowPrefix = "id|";
    private const string WaitRowPrefix = "wait|";
    private const string PollAgainAtProperty = "PollAgainAt";
    private const int MaxUpdateAttempts = 10;

    private readonly TableWriteCoalescer shared = new();
    private readonly TableClient phones = tables.GetTableClient(PhonesTable);
    private readonly TableClient reports = tables.GetTableClient(ReportsTable);
    private readonly TableClient legacySms = tables.GetTableClient(LegacySmsTable);
    private readonly TableClient legacyProviderIds = tables.GetTableClient(LegacyProviderIdsTable);
    private readonly TableClient legacyAwaiting = tables.GetTableClient(LegacyAwaitingTable);

    public static IReadOnlyList<string> Tables { get; } = [PhonesTable, ReportsTable, LegacySmsTable, LegacyProviderIdsTable, LegacyAwaitingTable];

    /// <summary>The <c>SmsReports</c> partition of a provider id: FNV-1a of its characters, so every build and process agrees.</summary>
    public static string ReportPartition(string providerMessageId)
    {
        ArgumentNullException.ThrowIfNull(providerMessageId);
        var hash = 2166136261u;
        foreach (var character in providerMessageId)
            hash = (hash ^ character) * 16777619u;
        return ReportShard((int)(hash % ReportShards));
    }

    private static string ReportShard(int shard) => $"reports-{shard:D2}";

    private static string SmsRow(string key) => SmsRowPrefix + key;

    public async Task<OutgoingSms?> GetAsync(PhoneHash phoneHash, string key, CancellationToken cancellationToken) =>
        (await GetVersionedAsync(phoneHash, key, cancellationToken))?.Sms;

    /// <summary>The SMS and the version it was read at; null when there is none.</summary>
    public async Task<VersionedSms?> GetVersionedAsync(PhoneHash phoneHash, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phoneHash);
        return await phones.GetOrNullAsync(phoneHash.Value, SmsRow(key), cancellationToken) is { } entity ? new VersionedSms(FromEntity(entity, key), entity.ETag.ToString()) : null;
    }

    public async Task<SmsWithPhone> GetWithPhoneAsync(PhoneHash phoneHash, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phoneHash);
        VersionedSms? sms = null;
        var phone = new VersionedPhone(new PhoneState(phoneHash), null);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {phoneHash.Value} and (RowKey eq {PhoneRow} or RowKey eq {SmsRow(key)})");
        await foreach (var entity in phones.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == PhoneRow)
                phone = new VersionedPhone(PhoneFromEntity(entity), entity.ETag.ToString());
            else
                sms = new VersionedSms(FromEntity(entity, key), entity.ETag.ToString());
        }
        return new SmsWithPhone(sms, phone);
    }

    public async Task<bool> TrySaveAsync(OutgoingSms sms, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        return version is null
            ? await phones.TryAddAsync(ToEntity(sms), cancellationToken)
            : await phones.TryReplaceAsync(ToEntity(sms), version, cancellationToken) is not null;
    }

    public async Task SaveAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        await SaveReportRowsAsync(sms, cancellationToken);
        await phones.UpsertEntityAsync(ToEntity(sms), TableUpdateMode.Replace, cancellationToken);
        await EndWaitIfFinalAsync(sms, cancellationToken);
    }

    public async Task<(PhoneState Before, PhoneState After)> SaveWithPhoneAsync(OutgoingSms sms, Func<PhoneState, PhoneState?> change, CancellationToken cancellationToken, VersionedPhone? lastRead = null)
    {
        ArgumentNullException.ThrowIfNull(sms);
        await SaveReportRowsAsync(sms, cancellationToken);
        var result = await ChangePhoneAsync(sms.PhoneHash, change, new Alongside(sms, IfUnchanged: false, null), lastRead, cancellationToken);
        await EndWaitIfFinalAsync(sms, cancellationToken);
        return result!.Value;
    }

    public async Task<bool> TrySaveWithPhoneAsync(OutgoingSms sms, string? version, Func<PhoneState, PhoneState?> change, CancellationToken cancellationToken, VersionedPhone? lastRead = null)
    {
        ArgumentNullException.ThrowIfNull(sms);
        await SaveReportRowsAsync(sms, cancellationToken);
        if (await ChangePhoneAsync(sms.PhoneHash, change, new Alongside(sms, IfUnchanged: true, version), lastRead, cancellationToken) is null)
            return false;
        await EndWaitIfFinalAsync(sms, cancellationToken);
        return true;
    }

    /// <summary>A sent SMS becomes findable by its provider id and listed as awaiting a report, before it is stored as sent: a crash between leaves an SMS still sending, which its redelivery sends again under the same key (the provider does not send it twice) and stores.</summary>
    private async Task SaveReportRowsAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        if (sms.State != SmsState.Sent || sms.ProviderMessageId is not { } providerId)
            return;
        var partition = ReportPartition(providerId);
        var address = new TableEntity(partition, IdRowPrefix + providerId) { ["Key"] = sms.Key, ["PhoneHash"] = sms.PhoneHash.Value };
        var waiting = new TableEntity(partition, WaitRowPrefix + providerId) { ["Key"] = sms.Key, ["PhoneHash"] = sms.PhoneHash.Value, ["SentAt"] = sms.SentAt ?? sms.CreatedAt };
        using var counted = StorageCaller.ForTransaction(ReportsTable, "report shard");
        await reports.SubmitTransactionAsync([new(TableTransactionActionType.UpsertReplace, address), new(TableTransactionActionType.UpsertReplace, waiting)], cancellationToken);
    }

    private Task EndWaitIfFinalAsync(OutgoingSms sms, CancellationToken cancellationToken) =>
        sms.IsFinal && sms.ProviderMessageId is { } providerId
            ? shared.DeleteAsync(reports, ReportPartition(providerId), WaitRowPrefix + providerId).WaitAsync(cancellationToken)
            : Task.CompletedTask;

    public async Task<SmsAddress?> FindByProviderIdAsync(string providerMessageId, CancellationToken cancellationToken)
    {
        if (!TableNames.IsValidKey(providerMessageId))
            return null;
        if (await reports.GetOrNullAsync(ReportPartition(providerMessageId), IdRowPrefix + providerMessageId, cancellationToken) is { } entity)
            return new SmsAddress(new PhoneHash(entity.GetString("PhoneHash")!), entity.GetString("Key")!);
        return await legacyProviderIds.GetOrNullAsync(providerMessageId, string.Empty, cancellationToken) is { } legacy && legacy.GetString("Key") is { } key
            && await MoveLegacyAsync(key, cancellationToken) is { } moved
            ? new SmsAddress(moved.PhoneHash, moved.Key)
            : null;
    }

    public async Task<IReadOnlyList<SmsAddress>> ListAwaitingReportAsync(DateTimeOffset sentBefore, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await DrainLegacyAwaitingAsync(cancellationToken);
        var filter = (string partition) => TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {WaitRowPrefix} and RowKey lt {"wait}"} and SentAt lt {sentBefore}");
        var shards = await Task.WhenAll(Enumerable.Range(0, ReportShards).Select(async shard =>
        {
            var due = new List<(DateTimeOffset Since, SmsAddress Address)>();
            await foreach (var entity in reports.QueryAsync<TableEntity>(filter(ReportShard(shard)), cancellationToken: cancellationToken))
            {
                var since = entity.GetDateTimeOffset(PollAgainAtProperty) ?? entity.GetDateTimeOffset("SentAt") ?? sentBefore;
                if (since <= now)
                    due.Add((since, new SmsAddress(new PhoneHash(entity.GetString("PhoneHash")!), entity.GetString("Key")!)));
            }
            return due;
        }));
        return shards.SelectMany(due => due).OrderBy(entry => entry.Since).Take(max).Select(entry => entry.Address).ToArray();
    }

    public async Task PostponeReportPollAsync(IReadOnlyCollection<string> providerMessageIds, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(providerMessageIds);
        foreach (var providerId in providerMessageIds)
        {
            try
            {
                // A merge on an entry that must exist: one whose SMS became final meanwhile stays deleted.
                await reports.UpdateEntityAsync(new TableEntity(ReportPartition(providerId), WaitRowPrefix + providerId) { [PollAgainAtProperty] = until }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException gone) when (gone.Status == 404)
            {
            }
        }
    }

    /// <summary>Moves each entry an earlier build left in <c>SmsAwaitingReport</c> into the new layout, then deletes it; an empty partition costs one query a poll.</summary>
    private async Task DrainLegacyAwaitingAsync(CancellationToken cancellationToken)
    {
        await foreach (var entity in legacyAwaiting.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {LegacyAwaitingPartition}"), cancellationToken: cancellationToken))
        {
            if (await MoveLegacyAsync(entity.RowKey, cancellationToken) is { IsFinal: false, ProviderMessageId: { } providerId } && entity.GetDateTimeOffset(PollAgainAtProperty) is { } pollAgainAt)
                await PostponeReportPollAsync([providerId], pollAgainAt, cancellationToken);
            await legacyAwaiting.DeleteEntityAsync(LegacyAwaitingPartition, entity.RowKey, ETag.All, cancellationToken);
        }
    }

    /// <summary>
    /// Copies an SMS from the old <c>OutgoingSms</c> table into its phone's partition unless a copy is there already (which is
    /// newer), with its report rows if it still waits for one.
    /// </summary>
    private async Task<OutgoingSms?> MoveLegacyAsync(string key, CancellationToken cancellationToken)
    {
        if (!TableNames.IsValidKey(key) || await legacySms.GetOrNullAsync(key, string.Empty, cancellationToken) is not { } entity)
            return null;
        var sms = FromEntity(entity, key);
        if (await phones.TryAddAsync(ToEntity(sms), cancellationToken))
            await SaveReportRowsAsync(sms, cancellationToken);
        return sms;
    }

    public async Task<PhoneState> GetPhoneAsync(PhoneHash phoneHash, CancellationToken cancellationToken) =>
        (await GetVersionedPhoneAsync(phoneHash, cancellationToken)).State;

    public async Task<VersionedPhone> GetVersionedPhoneAsync(PhoneHash phoneHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phoneHash);
        return await phones.GetOrNullAsync(phoneHash.Value, PhoneRow, cancellationToken) is { } entity
            ? new VersionedPhone(PhoneFromEntity(entity), entity.ETag.ToString())
            : new VersionedPhone(new PhoneState(phoneHash), null);
    }

    public async Task<(PhoneState Before, PhoneState After)> UpdatePhoneAsync(PhoneHash phoneHash, Func<PhoneState, PhoneState?> change, CancellationToken cancellationToken, VersionedPhone? lastRead = null) =>
        (await ChangePhoneAsync(phoneHash, change, null, lastRead, cancellationToken))!.Value;

    /// <summary>An SMS stored in the phone's transaction: whatever it was, or only if it is still at <see cref="Version"/> (null: only if there is none).</summary>
    private sealed record Alongside(OutgoingSms Sms, bool IfUnchanged, string? Version)
    {
        public TableTransactionAction Action => !IfUnchanged
            ? new(TableTransactionActionType.UpsertReplace, ToEntity(Sms))
            : Version is null ? new(TableTransactionActionType.Add, ToEntity(Sms)) : new(TableTransactionActionType.UpdateReplace, ToEntity(Sms), new ETag(Version));
    }

    /// <summary>
    /// Read-modify-write of one phone's state, with <paramref name="alongside"/> (an SMS of that phone) stored in the same
    /// entity group transaction: one request, retried from a fresh read when someone else changed the phone first.
    /// </summary>
    /// <returns>The phone's state before and after; null when the SMS was to be stored only if unchanged, and had changed (nothing is written).</returns>
    private async Task<(PhoneState Before, PhoneState After)?> ChangePhoneAsync(PhoneHash phoneHash, Func<PhoneState, PhoneState?> change, Alongside? alongside, VersionedPhone? lastRead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var read = lastRead;
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            read ??= await GetVersionedPhoneAsync(phoneHash, cancellationToken);
            var before = read.State;
            var after = change(before);
            List<TableTransactionAction> actions = alongside is null ? [] : [alongside.Action];
            if (after is not null)
                actions.Add(read.Version is null ? new(TableTransactionActionType.Add, PhoneToEntity(after)) : new(TableTransactionActionType.UpdateReplace, PhoneToEntity(after), new ETag(read.Version)));
            if (actions.Count == 0)
                return (before, before);
            try
            {
                using var counted = StorageCaller.ForTransaction(PhonesTable, "phone");
                await phones.SubmitTransactionAsync(actions, cancellationToken);
                return (before, after ?? before);
            }
            catch (TableTransactionFailedException changed) when (alongside is { IfUnchanged: true } && changed.FailedTransactionActionIndex == 0 && changed.Status is 409 or 412 or 404)
            {
                // Another delivery stored this SMS since it was read: its write stands, and the phone is not counted twice.
                return null;
            }
            catch (TableTransactionFailedException changed) when (changed.FailedTransactionActionIndex == actions.Count - 1 && after is not null && changed.Status is 409 or 412 or 404)
            {
                // Someone else changed this phone first: nothing was written; read their change and apply ours on top.
                read = null;
            }
        }
        throw new InvalidOperationException($"a phone's state kept changing under {MaxUpdateAttempts} attempts to update it");
    }

    private static TableEntity ToEntity(OutgoingSms sms)
    {
        var entity = new TableEntity(sms.PhoneHash.Value, SmsRow(sms.Key))
        {
            ["Kind"] = sms.Kind.ToString(),
            ["PhoneHash"] = sms.PhoneHash.Value,
            ["EncryptedPhone"] = sms.EncryptedPhone,
            ["Text"] = sms.Text,
            ["State"] = sms.State.ToString(),
            ["CreatedAt"] = sms.CreatedAt,
            ["History"] = JsonSerializer.Serialize(sms.History),
        };
        if (sms.ProviderMessageId is { } providerId)
            entity["ProviderMessageId"] = providerId;
        if (sms.SentAt is { } sentAt)
            entity["SentAt"] = sentAt;
        if (sms.FailureReason is { } reason)
            entity["FailureReason"] = reason;
        return entity;
    }

    /// <summary>An SMS row, of either layout: the key is the row key's tail here, the partition key in the old table.</summary>
    private static OutgoingSms FromEntity(TableEntity entity, string key) => new()
    {
        Key = key,
        Kind = Enum.Parse<SmsKind>(entity.GetString("Kind")!),
        PhoneHash = new PhoneHash(entity.GetString("PhoneHash")!),
        EncryptedPhone = entity.GetString("EncryptedPhone")!,
        Text = entity.GetString("Text")!,
        State = Enum.Parse<SmsState>(entity.GetString("State")!),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt")!.Value,
        ProviderMessageId = entity.GetString("ProviderMessageId"),
        SentAt = entity.GetDateTimeOffset("SentAt"),
        FailureReason = entity.GetString("FailureReason"),
        History = JsonSerializer.Deserialize<SmsStateChange[]>(entity.GetString("History") ?? "[]") ?? [],
    };

    private static TableEntity PhoneToEntity(PhoneState phone)
    {
        var entity = new TableEntity(phone.PhoneHash.Value, PhoneRow) { ["OptedOut"] = phone.OptedOut, ["SentOnCountDay"] = phone.SentOnCountDay };
        if (phone.OptedOutAt is { } optedOutAt)
            entity["OptedOutAt"] = optedOutAt;
        if (phone.LastSurveyAt is { } lastSurveyAt)
            entity["LastSurveyAt"] = lastSurveyAt;
        if (phone.CountDay is { } day)
            entity["CountDay"] = day;
        return entity;
    }

    private static PhoneState PhoneFromEntity(TableEntity entity) => new(new PhoneHash(entity.PartitionKey))
    {
        OptedOut = entity.GetBoolean("OptedOut") ?? false,
        OptedOutAt = entity.GetDateTimeOffset("OptedOutAt"),
        LastSurveyAt = entity.GetDateTimeOffset("LastSurveyAt"),
        CountDay = entity.GetString("CountDay"),
        SentOnCountDay = entity.GetInt32("SentOnCountDay") ?? 0,
    };
}
