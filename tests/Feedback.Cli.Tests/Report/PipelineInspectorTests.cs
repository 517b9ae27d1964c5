using Azure.Data.Tables;
using Feedback.Cli.Report;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Kavenegar.StandIn;
using Feedback.Storage.Connection;
using Feedback.Storage.Notifications;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Cli.Tests.Report;

/// <summary>The report's read of the acknowledgements, against a real Azurite.</summary>
[Collection(Azurite.Collection)]
public sealed class PipelineInspectorTests(Azurite azurite)
{
    /// <summary>More than one read batch of SMS not sent yet, queued before the ones that were.</summary>
    private const int Unsent = 70;

    [Fact]
    public async Task When_the_wait_runs_out_every_sent_sms_is_counted_also_behind_a_batch_still_unsent()
    {
        var storage = StorageClients.FromConnectionString(azurite.ConnectionString);
        foreach (var table in TableSmsStore.Tables)
            await storage.Tables.CreateTableIfNotExistsAsync(table, CancellationToken.None);
        await using var standIn = await KavenegarStandIn.StartAsync("inspector-test-key");
        var inspector = new PipelineInspector(storage, standIn);
        var run = Guid.NewGuid().ToString("N")[..8];
        var keys = Enumerable.Range(0, 100).Select(index => $"{run}{index:D3}-ack").ToArray();
        for (var index = 0; index < keys.Length; index++)
            await inspector.Sms.SaveAsync(Sms(keys[index], index < Unsent ? SmsState.Queued : SmsState.Sent), CancellationToken.None);

        var sent = await inspector.WaitForSentAsync(keys.Select(key => new SmsAddress(new PhoneHash("hash"), key)).ToArray(), TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.Equal(keys[Unsent..], sent.Keys.Order(StringComparer.Ordinal));
    }

    private static OutgoingSms Sms(string key, SmsState state) => new()
    {
        Key = key,
        Kind = SmsKind.Acknowledgement,
        PhoneHash = new PhoneHash("hash"),
        EncryptedPhone = "encrypted",
        Text = "پیام شما ثبت شد",
        State = state,
        CreatedAt = DateTimeOffset.UtcNow,
        SentAt = state == SmsState.Sent ? DateTimeOffset.UtcNow : null,
        ProviderMessageId = state == SmsState.Sent ? key : null,
    };
}
