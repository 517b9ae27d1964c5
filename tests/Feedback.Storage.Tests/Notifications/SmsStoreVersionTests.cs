using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Storage.Notifications;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Notifications;

/// <summary>An SMS or a phone written "only if still at the version read" never overwrites what another delivery wrote since.</summary>
[Collection(Azurite.Collection)]
public sealed class SmsStoreVersionTests(Azurite azurite)
{
    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task A_write_from_an_old_read_is_refused_and_one_from_the_current_read_is_taken()
    {
        var store = await SmsStores.NewAsync(azurite);
        var queued = Sms($"{Guid.NewGuid():N}-ack", SmsState.Queued);

        Assert.True(await store.TrySaveAsync(queued, version: null, cancellation));
        Assert.False(await store.TrySaveAsync(queued, version: null, cancellation));
        var read = (await store.GetVersionedAsync(queued.PhoneHash, queued.Key, cancellation))!;
        await store.SaveAsync(queued with { State = SmsState.Sent, ProviderMessageId = "1001" }, cancellation);
        var refused = await store.TrySaveAsync(read.Sms with { State = SmsState.Sending }, read.Version, cancellation);
        var current = (await store.GetVersionedAsync(queued.PhoneHash, queued.Key, cancellation))!;
        var taken = await store.TrySaveAsync(current.Sms with { State = SmsState.Delivered }, current.Version, cancellation);

        Assert.False(refused);
        Assert.True(taken);
        Assert.Equal(SmsState.Delivered, (await store.GetAsync(queued.PhoneHash, queued.Key, cancellation))!.State);
    }

    [Fact]
    public async Task A_sent_sms_stored_only_if_unchanged_is_refused_with_its_count_once_another_delivery_stored_it()
    {
        var store = await SmsStores.NewAsync(azurite);
        var sent = Sms($"{Guid.NewGuid():N}-ack", SmsState.Sent) with { ProviderMessageId = "1001", SentAt = DateTimeOffset.UtcNow };
        var read = await store.GetWithPhoneAsync(sent.PhoneHash, sent.Key, cancellation);
        Func<PhoneState, PhoneState?> counted = phone => phone.CountedSend("20261122");

        var first = await store.TrySaveWithPhoneAsync(sent, read.Sms?.Version, counted, cancellation, read.Phone);
        var twin = await store.TrySaveWithPhoneAsync(sent with { ProviderMessageId = "1002" }, read.Sms?.Version, counted, cancellation, read.Phone);
        var current = (await store.GetVersionedAsync(sent.PhoneHash, sent.Key, cancellation))!;
        var over = await store.TrySaveWithPhoneAsync(current.Sms with { State = SmsState.Delivered }, current.Version, counted, cancellation);

        Assert.Equal([true, false, true], [first, twin, over]);
        Assert.Equal("1001", (await store.GetAsync(sent.PhoneHash, sent.Key, cancellation))!.ProviderMessageId);
        Assert.Equal(2, (await store.GetPhoneAsync(sent.PhoneHash, cancellation)).SentOnCountDay);
    }

    [Fact]
    public async Task A_phone_update_from_an_old_read_keeps_the_change_made_since()
    {
        var store = await SmsStores.NewAsync(azurite);
        var hash = new PhoneHash(Guid.NewGuid().ToString("N"));
        var optedOutAt = DateTimeOffset.UtcNow;
        await store.UpdatePhoneAsync(hash, phone => phone.CountedSend("20261122"), cancellation);
        var read = await store.GetVersionedPhoneAsync(hash, cancellation);
        await store.UpdatePhoneAsync(hash, phone => phone with { OptedOut = true, OptedOutAt = optedOutAt }, cancellation);

        var (before, after) = await store.UpdatePhoneAsync(hash, phone => phone.CountedSend("20261122"), cancellation, read);

        Assert.True(before.OptedOut);
        Assert.Equal(2, after.SentOnCountDay);
        var stored = await store.GetPhoneAsync(hash, cancellation);
        Assert.True(stored.OptedOut);
        Assert.Equal(2, stored.SentOnCountDay);
    }

    [Fact]
    public async Task A_phone_update_from_a_read_that_found_none_keeps_the_phone_stored_since()
    {
        var store = await SmsStores.NewAsync(azurite);
        var hash = new PhoneHash(Guid.NewGuid().ToString("N"));
        var read = await store.GetVersionedPhoneAsync(hash, cancellation);
        await store.UpdatePhoneAsync(hash, phone => phone with { OptedOut = true }, cancellation);

        var (_, after) = await store.UpdatePhoneAsync(hash, phone => phone.CountedSend("20261122"), cancellation, read);

        Assert.Null(read.Version);
        Assert.True(after.OptedOut);
        Assert.Equal(1, (await store.GetPhoneAsync(hash, cancellation)).SentOnCountDay);
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
    };
}
