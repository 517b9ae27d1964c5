using System.Security.Cryptography;
using Feedback.Core.Intake;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Testing;

namespace Feedback.Core.Tests.Notifications;

public class DeliveryReportsTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private readonly InMemorySmsStore store = new();
    private readonly ScriptedGateway gateway = new();
    private readonly ManualClock clock = new(SentAt);
    private readonly PhoneProtector phones = new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    private readonly IranianMobile citizen = IranianMobile.Parse("09121234567").Mobile!;

    private async Task<OutgoingSms> SentSmsAsync(string key, string providerId)
    {
        var sms = new OutgoingSms
        {
            Key = key,
            Kind = SmsKind.Acknowledgement,
            PhoneHash = phones.LookupHash(citizen),
            EncryptedPhone = phones.Encrypt(citizen),
            Text = "پیام شما ثبت شد",
            State = SmsState.Sent,
            CreatedAt = clock.Now,
            SentAt = clock.Now,
            ProviderMessageId = providerId,
        };
        await store.SaveAsync(sms, CancellationToken.None);
        return sms;
    }

    [Fact]
    public async Task A_delivery_callback_moves_the_sms_to_delivered()
    {
        await SentSmsAsync("1234567894-ack", "8792");

        Assert.True(await new DeliveryReports(store, gateway, clock).ApplyAsync("8792", SmsState.Delivered, CancellationToken.None));

        Assert.Equal(SmsState.Delivered, (await store.GetAsync("1234567894-ack", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_report_of_an_unknown_id_changes_nothing()
    {
        Assert.False(await new DeliveryReports(store, gateway, clock).ApplyAsync("404", SmsState.Delivered, CancellationToken.None));
    }

    [Fact]
    public async Task A_late_report_never_undoes_a_final_state()
    {
        await SentSmsAsync("1234567894-ack", "8792");
        var reports = new DeliveryReports(store, gateway, clock);
        await reports.ApplyAsync("8792", SmsState.Delivered, CancellationToken.None);

        await reports.ApplyAsync("8792", SmsState.Sent, CancellationToken.None);
        await reports.ApplyAsync("8792", SmsState.Failed, CancellationToken.None);

        Assert.Equal(SmsState.Delivered, (await store.GetAsync("1234567894-ack", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_blocked_report_opts_the_number_out()
    {
        await SentSmsAsync("1234567894-ack", "8792");

        await new DeliveryReports(store, gateway, clock).ApplyAsync("8792", SmsState.Blocked, CancellationToken.None);

        Assert.True((await store.GetPhoneAsync(phones.LookupHash(citizen), CancellationToken.None)).OptedOut);
        Assert.Equal(SmsState.Blocked, (await store.GetAsync("1234567894-ack", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task The_poll_asks_only_about_sms_sent_more_than_ten_minutes_ago()
    {
        await SentSmsAsync("old-ack", "1");
        clock.Now = SentAt + TimeSpan.FromMinutes(8);
        await SentSmsAsync("new-ack", "2");
        gateway.States["1"] = SmsState.Delivered;
        gateway.States["2"] = SmsState.Failed;
        clock.Now = SentAt + DeliveryReports.PollAfter + TimeSpan.FromMinutes(1);

        var changed = await new DeliveryReports(store, gateway, clock).PollAsync(CancellationToken.None);

        Assert.Equal(1, changed);
        Assert.Equal(SmsState.Delivered, (await store.GetAsync("old-ack", CancellationToken.None))!.State);
        Assert.Equal(SmsState.Sent, (await store.GetAsync("new-ack", CancellationToken.None))!.State);
    }
}
