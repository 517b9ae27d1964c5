using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Storage.Notifications;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Notifications;

/// <summary>The delivery-status poll's list: SMS due the longest come first, and a postponed one waits its turn (issue 20).</summary>
[Collection(Azurite.Collection)]
public sealed class SmsAwaitingReportTests(Azurite azurite)
{
    // Long before any other test's SMS, which the same table holds.
    private static readonly DateTimeOffset Sent = new(2001, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SentBefore = Sent.AddDays(30);

    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task A_postponed_sms_is_listed_again_only_when_due_and_after_those_due_longer()
    {
        var store = await SmsStores.NewAsync(azurite);
        var keys = Enumerable.Range(0, 3).Select(i => $"{Guid.NewGuid():N}-ack").ToArray();
        for (var i = 0; i < keys.Length; i++)
            await store.SaveAsync(Sms(keys[i], Sent.AddMinutes(i)), cancellation);

        var first = await store.ListAwaitingReportAsync(SentBefore, Sent.AddDays(1), 10, cancellation);
        await store.PostponeReportPollAsync([keys[1][..8]], Sent.AddDays(2), cancellation);
        await store.PostponeReportPollAsync([keys[0][..8]], Sent.AddDays(2).AddMinutes(1), cancellation);
        var whilePostponed = await store.ListAwaitingReportAsync(SentBefore, Sent.AddDays(1), 10, cancellation);
        var afterwards = await store.ListAwaitingReportAsync(SentBefore, Sent.AddDays(3), 10, cancellation);

        Assert.Equal(keys, first.Select(address => address.Key));
        Assert.Equal([keys[2]], whilePostponed.Select(address => address.Key));
        Assert.Equal([keys[2], keys[1], keys[0]], afterwards.Select(address => address.Key));
    }

    [Fact]
    public async Task Postponing_an_sms_that_is_no_longer_waiting_brings_nothing_back()
    {
        var store = await SmsStores.NewAsync(azurite);
        var key = $"{Guid.NewGuid():N}-ack";
        await store.SaveAsync(Sms(key, Sent.AddHours(1)), cancellation);
        await store.SaveAsync(Sms(key, Sent.AddHours(1)) with { State = SmsState.Delivered }, cancellation);

        await store.PostponeReportPollAsync([key[..8]], Sent.AddDays(2), cancellation);

        Assert.DoesNotContain(key, (await store.ListAwaitingReportAsync(SentBefore, Sent.AddDays(3), 1000, cancellation)).Select(address => address.Key));
    }


    private static OutgoingSms Sms(string key, DateTimeOffset sentAt) => new()
    {
        Key = key,
        Kind = SmsKind.Acknowledgement,
        PhoneHash = new PhoneHash("hash"),
        EncryptedPhone = "encrypted",
        Text = "پیام شما ثبت شد",
        State = SmsState.Sent,
        CreatedAt = sentAt,
        SentAt = sentAt,
        ProviderMessageId = key[..8],
    };
}
