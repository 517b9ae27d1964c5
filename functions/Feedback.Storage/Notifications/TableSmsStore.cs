using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Notifications;

/// <summary>
/// <see cref="ISmsStore"/> on Table Storage:
/// <list type="bullet">
/// <item><c>OutgoingSms</c> — PK the SMS key: one row per SMS, its state and history.</item>
/// <item><c>SmsProviderIds</c> — PK the provider's message id: a delivery callback finds its SMS.</item>
/// <item><c>SmsAwaitingReport</c> — PK "awaiting", RK SMS key: sent and not final yet, for the delivery-status poll (SentAt, and PollAgainAt once polled).</item>
/// <item><c>PhoneStates</c> — PK the phone's keyed hash: opted out, last survey, today's count; changed under ETags.</item>
/// </list>
/// </summary>
public sealed class TableSmsStore(TableServiceClient tables) : ISmsStore
{
    public const string SmsTable = "OutgoingSms";
    public const string ProviderIdsTable = "SmsProviderIds";
    public const string AwaitingTable = "SmsAwaitingReport";
    public const string PhonesTable = "PhoneStates";

    /// <summary>The one partition of <c>SmsAwaitingReport</c>.</summary>
    internal const string AwaitingPartition = "awaiting";
    private const string PollAgainAtProperty = "PollAgainAt";
    private const int MaxUpdateAttempts = 10;

    private readonly TableWriteCoalescer shared = new();
    private readonly TableClient outgoing = tables.GetTableClient(SmsTable);
    private readonly TableClient providerIds = tables.GetTableClient(ProviderIdsTable);
    private readonly TableClient awaiting = tables.GetTableClient(AwaitingTable);
    private readonly TableClient phones = tables.GetTableClient(PhonesTable);

    public static IReadOnlyList<string> Tables { get; } = [SmsTable, ProviderIdsTable, AwaitingTable, PhonesTable];

    public async Task<OutgoingSms?> GetAsync(string key, CancellationToken cancellationToken) =>
        (await GetVersionedAsync(key, cancellationToken))?.Sms;

    public async Task<VersionedSms?> GetVersionedAsync(string key, CancellationToken cancellationToken) =>
        await outgoing.GetOrNullAsync(key, string.Empty, cancellationToken) is { } entity ? new VersionedSms(FromEntity(entity), entity.ETag.ToString()) : null;

    public async Task<bool> TrySaveAsync(OutgoingSms sms, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        return version is null
            ? await outgoing.TryAddAsync(ToEntity(sms), cancellationToken)
            : await outgoing.TryReplaceAsync(ToEntity(sms), version, cancellationToken) is not null;
    }

    public async Task SaveAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        await outgoing.UpsertEntityAsync(ToEntity(sms), TableUpdateMode.Replace, cancellationToken);
        if (sms.State == SmsState.Sent && sms.ProviderMessageId is { } providerId)
        {
            await providerIds.UpsertEntityAsync(new TableEntity(providerId, string.Empty) { ["Key"] = sms.Key }, TableUpdateMode.Replace, cancellationToken);
            await shared.UpsertAsync(awaiting, new TableEntity(AwaitingPartition, sms.Key) { ["SentAt"] = sms.SentAt ?? sms.CreatedAt }).WaitAsync(cancellationToken);
        }
        else if (sms.IsFinal)
        {
            await shared.DeleteAsync(awaiting, AwaitingPartition, sms.Key).WaitAsync(cancellationToken);
        }
    }

    public async Task<string?> FindByProviderIdAsync(string providerMessageId, CancellationToken cancellationToken) =>
        TableNames.IsValidKey(providerMessageId) && await providerIds.GetOrNullAsync(providerMessageId, string.Empty, cancellationToken) is { } entity
            ? entity.GetString("Key")
            : null;

    public async Task<IReadOnlyList<string>> ListAwaitingReportAsync(DateTimeOffset sentBefore, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var due = new List<(DateTimeOffset Since, string Key)>();
        await foreach (var entity in awaiting.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {AwaitingPartition} and SentAt lt {sentBefore}"), cancellationToken: cancellationToken))
        {
            var since = entity.GetDateTimeOffset(PollAgainAtProperty) ?? entity.GetDateTimeOffset("SentAt") ?? sentBefore;
            if (since <= now)
                due.Add((since, entity.RowKey));
        }
        return due.OrderBy(entry => entry.Since).Take(max).Select(entry => entry.Key).ToArray();
    }

    public async Task PostponeReportPollAsync(IReadOnlyCollection<string> keys, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            try
            {
                // A merge on an entry that must exist: one whose SMS became final meanwhile stays deleted.
                await awaiting.UpdateEntityAsync(new TableEntity(AwaitingPartition, key) { [PollAgainAtProperty] = until }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException gone) when (gone.Status == 404)
            {
            }
        }
    }

    public async Task<PhoneState> GetPhoneAsync(PhoneHash phoneHash, CancellationToken cancellationToken) =>
        (await GetVersionedPhoneAsync(phoneHash, cancellationToken)).State;

    public async Task<VersionedPhone> GetVersionedPhoneAsync(PhoneHash phoneHash, CancellationToken cancellationToken) =>
        await phones.GetOrNullAsync(phoneHash.Value, string.Empty, cancellationToken) is { } entity
            ? new VersionedPhone(PhoneFromEntity(entity), entity.ETag.ToString())
            : new VersionedPhone(new PhoneState(phoneHash), null);

    public async Task<(PhoneState Before, PhoneState After)> UpdatePhoneAsync(PhoneHash phoneHash, Func<PhoneState, PhoneState?> change, CancellationToken cancellationToken, VersionedPhone? lastRead = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        var read = lastRead;
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            read ??= await GetVersionedPhoneAsync(phoneHash, cancellationToken);
            var before = read.State;
            if (change(before) is not { } after)
                return (before, before);
            var saved = read.Version is null
                ? await phones.TryAddAsync(PhoneToEntity(after), cancellationToken)
                : await phones.TryReplaceAsync(PhoneToEntity(after), read.Version, cancellationToken) is not null;
            if (saved)
                return (before, after);
            // Someone else changed this phone first: read their change and apply ours on top.
            read = null;
        }
        throw new InvalidOperationException($"a phone's state kept changing under {MaxUpdateAttempts} attempts to update it");
    }

    private static TableEntity ToEntity(OutgoingSms sms)
    {
        var entity = new TableEntity(sms.Key, string.Empty)
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

    private static OutgoingSms FromEntity(TableEntity entity) => new()
    {
        Key = entity.PartitionKey,
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
        var entity = new TableEntity(phone.PhoneHash.Value, string.Empty) { ["OptedOut"] = phone.OptedOut, ["SentOnCountDay"] = phone.SentOnCountDay };
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
