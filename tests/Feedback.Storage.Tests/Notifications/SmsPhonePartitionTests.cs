using Azure.Data.Tables;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Storage.Connection;
using Feedback.Storage.Notifications;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Notifications;

/// <summary>An SMS and its phone's state share the phone's partition; rows of the earlier layout are finished, never lost.</summary>
[Collection(Azurite.Collection)]
public sealed class SmsPhonePartitionTests(Azurite azurite)
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task One_read_brings_the_sms_and_its_phone_and_a_new_sms_reads_as_none_beside_a_stored_phone()
    {
        var store = await SmsStores.NewAsync(azurite);
        var hash = NewHash();
        await store.UpdatePhoneAsync(hash, phone => phone with { OptedOut = true }, cancellation);
        var sms = Sms(hash, SmsState.Queued);
        await store.SaveAsync(sms, cancellation);

        var both = await store.GetWithPhoneAsync(hash, sms.Key, cancellation);
        var none = await store.GetWithPhoneAsync(hash, $"{Guid.NewGuid():N}-ack", cancellation);

        Assert.Equal(sms.Key, both.Sms!.Sms.Key);
        Assert.True(both.Phone.State.OptedOut);
        Assert.NotNull(both.Phone.Version);
        Assert.Null(none.Sms);
        Assert.True(none.Phone.State.OptedOut);
    }

    [Fact]
    public async Task A_sent_sms_is_stored_with_its_phones_count_even_when_the_phone_changed_since_the_read()
    {
        var store = await SmsStores.NewAsync(azurite);
        var hash = NewHash();
        var sending = Sms(hash, SmsState.Sending);
        Assert.True(await store.TrySaveAsync(sending, version: null, cancellation));
        var read = await store.GetWithPhoneAsync(hash, sending.Key, cancellation);
        await store.UpdatePhoneAsync(hash, phone => phone.CountedSend("20261122"), cancellation);

        var (before, after) = await store.SaveWithPhoneAsync(sending with { State = SmsState.Sent, ProviderMessageId = Id(), SentAt = Sent }, phone => phone.CountedSend("20261122"), cancellation, read.Phone);

        Assert.Equal(1, before.SentOnCountDay);
        Assert.Equal(2, after.SentOnCountDay);
        Assert.Equal(2, (await store.GetPhoneAsync(hash, cancellation)).SentOnCountDay);
        Assert.Equal(SmsState.Sent, (await store.GetAsync(hash, sending.Key, cancellation))!.State);
    }

    [Fact]
    public async Task A_sent_sms_is_found_by_its_provider_id_and_awaits_a_report_until_final()
    {
        var store = await SmsStores.NewAsync(azurite);
        var hash = NewHash();
        var sent = Sms(hash, SmsState.Sent) with { ProviderMessageId = Id() };
        await store.SaveAsync(sent, cancellation);
        var waiting = await store.ListAwaitingReportAsync(Sent.AddMinutes(1), Sent.AddDays(1), 1000, cancellation);

        await store.SaveAsync(sent with { State = SmsState.Delivered }, cancellation);

        Assert.Equal(new SmsAddress(hash, sent.Key), await store.FindByProviderIdAsync(sent.ProviderMessageId!, cancellation));
        Assert.Contains(new SmsAddress(hash, sent.Key), waiting);
        Assert.DoesNotContain(new SmsAddress(hash, sent.Key), await store.ListAwaitingReportAsync(Sent.AddMinutes(1), Sent.AddDays(1), 1000, cancellation));
    }

    [Fact]
    public async Task An_sms_the_earlier_layout_left_awaiting_a_report_is_moved_listed_and_found_by_its_provider_id()
    {
        var store = await SmsStores.NewAsync(azurite);
        var tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
        var hash = NewHash();
        var old = Sms(hash, SmsState.Sent) with { ProviderMessageId = Id() };
        await WriteLegacyAsync(tables, old);

        var listed = await store.ListAwaitingReportAsync(Sent.AddMinutes(1), Sent.AddDays(1), 1000, cancellation);

        Assert.Contains(new SmsAddress(hash, old.Key), listed);
        Assert.Equal(new SmsAddress(hash, old.Key), await store.FindByProviderIdAsync(old.ProviderMessageId!, cancellation));
        Assert.Equal(SmsState.Sent, (await store.GetAsync(hash, old.Key, cancellation))!.State);
        Assert.False((await tables.GetTableClient(TableSmsStore.LegacyAwaitingTable).GetEntityIfExistsAsync<TableEntity>("awaiting", old.Key, cancellationToken: cancellation)).HasValue);
    }

    [Fact]
    public async Task A_report_whose_id_only_the_earlier_layout_knows_finds_its_sms_and_never_brings_back_an_older_copy()
    {
        var store = await SmsStores.NewAsync(azurite);
        var tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
        var hash = NewHash();
        var old = Sms(hash, SmsState.Sent) with { ProviderMessageId = Id() };
        await WriteLegacyAsync(tables, old);

        var found = await store.FindByProviderIdAsync(old.ProviderMessageId!, cancellation);
        await store.SaveAsync(old with { State = SmsState.Delivered }, cancellation);
        await store.ListAwaitingReportAsync(Sent.AddMinutes(1), Sent.AddDays(1), 1000, cancellation);

        Assert.Equal(new SmsAddress(hash, old.Key), found);
        Assert.Equal(SmsState.Delivered, (await store.GetAsync(hash, old.Key, cancellation))!.State);
        Assert.DoesNotContain(new SmsAddress(hash, old.Key), await store.ListAwaitingReportAsync(Sent.AddMinutes(1), Sent.AddDays(1), 1000, cancellation));
    }

    [Fact]
    public void Report_partitions_are_stable_and_spread_over_the_shards()
    {
        var partitions = Enumerable.Range(0, 1600).Select(index => TableSmsStore.ReportPartition($"{8_000_000_000 + index}")).ToArray();

        Assert.Equal("reports-", TableSmsStore.ReportPartition("12345")[..8]);
        Assert.Equal(TableSmsStore.ReportPartition("12345"), TableSmsStore.ReportPartition("12345"));
        Assert.Equal(TableSmsStore.ReportShards, partitions.Distinct().Count());
        Assert.All(partitions.GroupBy(partition => partition), shard => Assert.InRange(shard.Count(), 50, 150));
    }

    /// <summary>The rows a build before this layout wrote for a sent SMS: its row by key, its provider id, its awaiting entry.</summary>
    private async Task WriteLegacyAsync(TableServiceClient tables, OutgoingSms sms)
    {
        await tables.GetTableClient(TableSmsStore.LegacySmsTable).UpsertEntityAsync(
            new TableEntity(sms.Key, string.Empty)
            {
                ["Kind"] = sms.Kind.ToString(),
                ["PhoneHash"] = sms.PhoneHash.Value,
                ["EncryptedPhone"] = sms.EncryptedPhone,
                ["Text"] = sms.Text,
                ["State"] = sms.State.ToString(),
                ["CreatedAt"] = sms.CreatedAt,
                ["History"] = "[]",
                ["ProviderMessageId"] = sms.ProviderMessageId,
                ["SentAt"] = sms.SentAt,
            }, TableUpdateMode.Replace, cancellation);
        await tables.GetTableClient(TableSmsStore.LegacyProviderIdsTable).UpsertEntityAsync(new TableEntity(sms.ProviderMessageId!, string.Empty) { ["Key"] = sms.Key }, TableUpdateMode.Replace, cancellation);
        await tables.GetTableClient(TableSmsStore.LegacyAwaitingTable).UpsertEntityAsync(new TableEntity("awaiting", sms.Key) { ["SentAt"] = sms.SentAt }, TableUpdateMode.Replace, cancellation);
    }

    private static PhoneHash NewHash() => new(Guid.NewGuid().ToString("N"));

    private static string Id() => Random.Shared.NextInt64(1_000_000_000, 9_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static OutgoingSms Sms(PhoneHash hash, SmsState state) => new()
    {
        Key = $"{Guid.NewGuid():N}-ack",
        Kind = SmsKind.Acknowledgement,
        PhoneHash = hash,
        EncryptedPhone = "encrypted",
        Text = "پیام شما ثبت شد",
        State = state,
        CreatedAt = Sent,
        SentAt = state == SmsState.Sent ? Sent : null,
    };
}
