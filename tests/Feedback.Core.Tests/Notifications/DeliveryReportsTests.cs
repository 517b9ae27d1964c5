using System.Security.Cryptography;
using Feedback.Core.Input;
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

    private async Task<OutgoingSms> SentSmsAsync(string key, string providerId, SmsKind kind = SmsKind.Acknowledgement)
    {
        var sms = new OutgoingSms
        {
            Key = key,
            Kind = kind,
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

    [Fact]
    public async Task Six_hundred_stuck_sms_do_not_stop_a_new_one_from_being_polled()
    {
        for (var i = 0; i < 600; i++)
            await SentSmsAsync($"stuck{i}-ack", $"{i + 1}");
        clock.Now = SentAt + TimeSpan.FromHours(1);
        await SentSmsAsync("new-ack", "9999");
        gateway.States["9999"] = SmsState.Delivered;
        var reports = new DeliveryReports(store, gateway, clock);

        // The poll timer fires every 5 minutes; the new SMS is due 10 minutes after it was sent.
        for (var poll = 0; poll < 4 && (await store.GetAsync("new-ack", CancellationToken.None))!.State == SmsState.Sent; poll++)
        {
            clock.Now += TimeSpan.FromMinutes(5);
            await reports.PollAsync(CancellationToken.None);
        }

        Assert.Equal(SmsState.Delivered, (await store.GetAsync("new-ack", CancellationToken.None))!.State);
        Assert.All(gateway.StatusRequests, ids => Assert.InRange(ids.Count, 1, DeliveryReports.PollBatch));
    }

    [Fact]
    public async Task Every_waiting_sms_is_polled_in_turn()
    {
        for (var i = 0; i < 1200; i++)
            await SentSmsAsync($"stuck{i}-ack", $"{i + 1}");
        var reports = new DeliveryReports(store, gateway, clock);
        clock.Now = SentAt + DeliveryReports.PollAfter + TimeSpan.FromMinutes(1);

        for (var poll = 0; poll < 3; poll++)
        {
            await reports.PollAsync(CancellationToken.None);
            clock.Now += TimeSpan.FromMinutes(5);
        }

        Assert.Equal(1200, gateway.StatusRequests.SelectMany(ids => ids).Distinct().Count());
    }

    [Fact]
    public async Task An_sms_the_provider_no_longer_knows_is_unconfirmed_and_polled_no_more()
    {
        await SentSmsAsync("old-ack", "1");
        gateway.States["1"] = SmsState.Unconfirmed;
        clock.Now = SentAt + DeliveryReports.PollAfter + TimeSpan.FromMinutes(1);
        var reports = new DeliveryReports(store, gateway, clock);

        Assert.Equal(1, await reports.PollAsync(CancellationToken.None));
        clock.Now += DeliveryReports.PollAgainAfter;
        await reports.PollAsync(CancellationToken.None);

        Assert.Equal(SmsState.Unconfirmed, (await store.GetAsync("old-ack", CancellationToken.None))!.State);
        Assert.Single(gateway.StatusRequests);
    }

    [Fact]
    public async Task An_sms_stuck_past_the_report_window_ends_unconfirmed_without_asking()
    {
        await SentSmsAsync("stuck-ack", "1");
        gateway.States["1"] = SmsState.Sent;
        clock.Now = SentAt + DeliveryReports.ReportWindow;

        Assert.Equal(1, await new DeliveryReports(store, gateway, clock).PollAsync(CancellationToken.None));

        Assert.Equal(SmsState.Unconfirmed, (await store.GetAsync("stuck-ack", CancellationToken.None))!.State);
        Assert.Empty(gateway.StatusRequests);
    }

    [Fact]
    public async Task A_failed_sms_the_provider_sent_again_and_delivered_becomes_delivered()
    {
        await SentSmsAsync("1234567894-ack", "8792");
        var reports = new DeliveryReports(store, gateway, clock);

        await reports.ApplyAsync("8792", SmsState.Failed, CancellationToken.None);
        await reports.ApplyAsync("8792", SmsState.Delivered, CancellationToken.None);

        var sms = (await store.GetAsync("1234567894-ack", CancellationToken.None))!;
        Assert.Equal((SmsState.Delivered, null), (sms.State, sms.FailureReason));
    }

    [Fact]
    public async Task A_number_that_refuses_advertising_lines_still_gets_answers_to_its_feedback_but_no_surveys()
    {
        await SentSmsAsync("1234567894-survey", "8792", SmsKind.Survey);
        await new DeliveryReports(store, gateway, clock).ApplyAsync("8792", SmsState.Blocked, CancellationToken.None);
        var dispatcher = new SmsDispatcher(store, gateway, new RecordingQueue(), phones, new SmsSendingStatus(), SmsRules.Default, clock);
        SmsRequested Request(string key, SmsKind kind) => new(key, kind, phones.Encrypt(citizen), phones.LookupHash(citizen), "متن");

        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(Request("1234567895-ack", SmsKind.Acknowledgement), CancellationToken.None));
        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(Request("1234567895-status", SmsKind.StatusUpdate), CancellationToken.None));
        Assert.Equal(DispatchOutcome.Blocked, await dispatcher.DispatchAsync(Request("1234567896-survey", SmsKind.Survey), CancellationToken.None));
    }
}
