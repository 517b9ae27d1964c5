using Azure.Data.Tables;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Notifications;

/// <summary>
/// The SMS provider of a local run without a Kavenegar key: each SMS lands in the <c>DevOutbox</c> table
/// (PK the phone's keyed hash, RK the SMS key, so a resend overwrites itself), where the developer phone
/// page shows it. Everything it takes counts as delivered.
/// </summary>
public sealed class TableOutboxGateway(TableServiceClient tables, TimeProvider clock) : ISmsGateway
{
    public const string OutboxTable = "DevOutbox";

    private readonly TableClient outbox = tables.GetTableClient(OutboxTable);

    public async Task<SmsSendResult> SendAsync(SmsToSend sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var entry = new TableEntity(sms.PhoneHash.Value, sms.Key) { ["Text"] = sms.Text, ["SentAt"] = clock.GetUtcNow() };
        await outbox.UpsertEntityAsync(entry, TableUpdateMode.Replace, cancellationToken);
        return new SmsSendResult.Accepted(sms.Key);
    }

    public Task<IReadOnlyDictionary<string, SmsState>> GetStatesAsync(IReadOnlyList<string> providerMessageIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, SmsState>>(providerMessageIds.Distinct().ToDictionary(id => id, _ => SmsState.Delivered));

    /// <summary>The SMS sent to a phone, newest first.</summary>
    public async Task<IReadOnlyList<(string Text, DateTimeOffset SentAt)>> ListAsync(PhoneHash phoneHash, CancellationToken cancellationToken)
    {
        var sent = new List<(string, DateTimeOffset)>();
        await foreach (var entity in outbox.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {phoneHash.Value}"), cancellationToken: cancellationToken))
            sent.Add((entity.GetString("Text") ?? string.Empty, entity.GetDateTimeOffset("SentAt") ?? DateTimeOffset.MinValue));
        return sent.OrderByDescending(entry => entry.Item2).ToArray();
    }
}
