using System.Security.Cryptography;
using Feedback.Core.Input;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Time;
using Feedback.Testing;

namespace Feedback.Core.Tests.Notifications;

public class SmsDispatcherTests
{
    /// <summary>12:00 in Tehran (UTC+3:30), a Saturday.</summary>
    private static readonly DateTimeOffset TehranNoon = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private readonly InMemorySmsStore store = new();
    private readonly ScriptedGateway gateway = new();
    private readonly RecordingQueue queue = new();
    private readonly PhoneProtector phones = new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    private readonly SmsSendingStatus sending = new();
    private readonly ManualClock clock = new(TehranNoon);
    private readonly IranianMobile citizen = IranianMobile.Parse("09121234567").Mobile!;

    private SmsDispatcher Dispatcher(int dailyCap = 5) => new(store, gateway, queue, phones, sending, SmsRules.Default with { DailyCap = new DailyCap(dailyCap) }, clock);

    private SmsRequested Request(string key, SmsKind kind = SmsKind.Acknowledgement) =>
        new(key, kind, phones.Encrypt(citizen), phones.LookupHash(citizen), "پیام شما ثبت شد. کد پیگیری: ۱۲۳۴۵۶۷۸۹۴");

    [Fact]
    public async Task An_sms_goes_out_once_to_the_decrypted_number_and_is_recorded_as_sent()
    {
        var outcome = await Dispatcher().DispatchAsync(Request("1234567894-ack"), CancellationToken.None);

        Assert.Equal(DispatchOutcome.Sent, outcome);
        var sent = Assert.Single(gateway.Sent);
        Assert.Equal(citizen, sent.Phone);
        Assert.Equal("1234567894-ack", sent.Key);
        var stored = await store.GetAsync("1234567894-ack", CancellationToken.None);
        Assert.Equal(SmsState.Sent, stored!.State);
        Assert.Equal("1000", stored.ProviderMessageId);
        Assert.Equal([SmsState.Queued, SmsState.Sending, SmsState.Sent], stored.History.Select(change => change.State));
    }

    [Fact]
    public async Task A_send_whose_outcome_is_unknown_is_tried_again_while_the_provider_recognises_its_key()
    {
        gateway.Script.Enqueue(() => throw new TimeoutException("no answer"));
        await Assert.ThrowsAsync<TimeoutException>(() => Dispatcher().DispatchAsync(Request("1234567894-ack"), CancellationToken.None));
        clock.Now += TimeSpan.FromHours(1);

        Assert.Equal(DispatchOutcome.Sent, await Dispatcher().DispatchAsync(Request("1234567894-ack"), CancellationToken.None));
        Assert.Equal("1234567894-ack", Assert.Single(gateway.Sent).Key);
    }

    [Fact]
    public async Task A_send_whose_outcome_is_unknown_is_never_repeated_once_the_provider_may_have_forgotten_its_key()
    {
        gateway.Script.Enqueue(() => throw new TimeoutException("no answer"));
        await Assert.ThrowsAsync<TimeoutException>(() => Dispatcher().DispatchAsync(Request("1234567894-ack"), CancellationToken.None));
        clock.Now += SmsRules.Default.ResendProtectedFor;

        var outcome = await Dispatcher().DispatchAsync(Request("1234567894-ack"), CancellationToken.None);

        Assert.Equal(DispatchOutcome.OutcomeUnknown, outcome);
        Assert.Empty(gateway.Sent);
        Assert.Equal(SmsState.Unconfirmed, (await store.GetAsync("1234567894-ack", CancellationToken.None))!.State);
        Assert.Equal(DispatchOutcome.AlreadyHandled, await Dispatcher().DispatchAsync(Request("1234567894-ack"), CancellationToken.None));
    }

    [Fact]
    public async Task A_redelivered_request_sends_nothing_twice()
    {
        var dispatcher = Dispatcher();
        await dispatcher.DispatchAsync(Request("1234567894-ack"), CancellationToken.None);

        var again = await dispatcher.DispatchAsync(Request("1234567894-ack"), CancellationToken.None);

        Assert.Equal(DispatchOutcome.AlreadyHandled, again);
        Assert.Single(gateway.Sent);
    }

    [Fact]
    public async Task A_delivery_working_from_an_old_read_never_overwrites_the_sent_sms_of_another()
    {
        var dispatcher = Dispatcher();
        store.AfterNextRead = () => dispatcher.DispatchAsync(Request("1234567894-ack"), CancellationToken.None);

        var late = await dispatcher.DispatchAsync(Request("1234567894-ack"), CancellationToken.None);

        Assert.Equal(DispatchOutcome.AlreadyHandled, late);
        Assert.Single(gateway.Sent);
        var stored = await store.GetAsync("1234567894-ack", CancellationToken.None);
        Assert.Equal(SmsState.Sent, stored!.State);
        Assert.Equal("1000", stored.ProviderMessageId);
    }

    [Fact]
    public async Task While_another_delivery_is_sending_the_sms_this_one_sends_nothing_and_tries_again_later()
    {
        var dispatcher = Dispatcher();
        var request = Request("1234567894-ack");
        store.AfterNextRead = () => store.SaveAsync(new OutgoingSms
        {
            Key = request.Key,
            Kind = request.Kind,
            PhoneHash = request.PhoneHash,
            EncryptedPhone = request.EncryptedPhone,
            Text = request.Text,
            State = SmsState.Sending,
            CreatedAt = TehranNoon,
        }, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.DispatchAsync(request, CancellationToken.None));

        Assert.Empty(gateway.Sent);
        Assert.Equal(SmsState.Sending, (await store.GetAsync(request.Key, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task At_night_the_sms_is_put_back_on_the_queue_for_eight_in_the_morning()
    {
        clock.Now = new DateTimeOffset(2026, 11, 21, 19, 30, 0, TimeSpan.Zero); // 23:00 Tehran

        var outcome = await Dispatcher().DispatchAsync(Request("1234567894-ack"), CancellationToken.None);

        Assert.Equal(DispatchOutcome.Deferred, outcome);
        Assert.Empty(gateway.Sent);
        var deferred = Assert.Single(queue.Sent);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 4, 30, 0, TimeSpan.Zero), deferred.Message.NotBefore); // 08:00 Tehran
        Assert.NotEqual("1234567894-ack", deferred.Message.MessageId);
        Assert.Equal("1234567894-ack", Assert.Single(queue.Notifications).Key);
    }

    [Theory]
    [InlineData(SmsKind.OptOutConfirmation)]
    [InlineData(SmsKind.OptInConfirmation)]
    public async Task A_confirmation_answers_at_once_even_at_night(SmsKind kind)
    {
        clock.Now = new DateTimeOffset(2026, 11, 21, 19, 30, 0, TimeSpan.Zero);

        Assert.Equal(DispatchOutcome.Sent, await Dispatcher().DispatchAsync(Request("confirmation", kind), CancellationToken.None));
    }

    [Fact]
    public async Task Over_the_daily_cap_the_sms_waits_for_the_next_morning()
    {
        var dispatcher = Dispatcher(dailyCap: 2);
        await dispatcher.DispatchAsync(Request("1"), CancellationToken.None);
        await dispatcher.DispatchAsync(Request("2"), CancellationToken.None);

        var third = await dispatcher.DispatchAsync(Request("3"), CancellationToken.None);

        Assert.Equal(DispatchOutcome.Deferred, third);
        Assert.Equal(2, gateway.Sent.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 4, 30, 0, TimeSpan.Zero), Assert.Single(queue.Sent).Message.NotBefore);

        clock.Now = new DateTimeOffset(2026, 11, 22, 4, 30, 0, TimeSpan.Zero);
        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(Request("3"), CancellationToken.None));
    }

    [Fact]
    public async Task A_number_that_opted_out_gets_no_survey_but_still_hears_about_its_own_feedback()
    {
        await store.UpdatePhoneAsync(phones.LookupHash(citizen), phone => phone with { OptedOut = true }, CancellationToken.None);
        var dispatcher = Dispatcher();

        Assert.Equal(DispatchOutcome.Blocked, await dispatcher.DispatchAsync(Request("survey-1", SmsKind.Survey), CancellationToken.None));
        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(Request("1234567894-ack"), CancellationToken.None));
        Assert.Equal("1234567894-ack", Assert.Single(gateway.Sent).Key);
        Assert.Equal(SmsState.Blocked, (await store.GetAsync("survey-1", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task While_sending_is_paused_the_sms_waits_on_the_queue_and_health_says_why()
    {
        gateway.Script.Enqueue(() => new SmsSendResult.Paused("InsufficientCredit: no credit"));
        var dispatcher = Dispatcher();

        Assert.Equal(DispatchOutcome.Paused, await dispatcher.DispatchAsync(Request("1234567894-ack"), CancellationToken.None));
        Assert.Equal("InsufficientCredit: no credit", sending.PausedBecause);
        Assert.Equal(TehranNoon + SmsRules.Default.PausedRetryAfter, Assert.Single(queue.Sent).Message.NotBefore);
        Assert.Equal(SmsState.Queued, (await store.GetAsync("1234567894-ack", CancellationToken.None))!.State);

        clock.Now += SmsRules.Default.PausedRetryAfter;
        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(Request("1234567894-ack"), CancellationToken.None));
        Assert.Null(sending.PausedBecause);
        Assert.Single(gateway.Sent);
    }

    [Fact]
    public async Task An_undeliverable_sms_is_recorded_failed_with_the_reason_and_not_retried()
    {
        gateway.Script.Enqueue(() => new SmsSendResult.Undeliverable("the receptor is not a valid number"));
        var dispatcher = Dispatcher();

        Assert.Equal(DispatchOutcome.Undeliverable, await dispatcher.DispatchAsync(Request("1234567894-ack"), CancellationToken.None));
        Assert.Equal(DispatchOutcome.AlreadyHandled, await dispatcher.DispatchAsync(Request("1234567894-ack"), CancellationToken.None));
        var stored = await store.GetAsync("1234567894-ack", CancellationToken.None);
        Assert.Equal(SmsState.Failed, stored!.State);
        Assert.Equal("the receptor is not a valid number", stored.FailureReason);
    }

    [Fact]
    public async Task A_provider_failure_reaches_the_queue_which_retries_and_the_next_delivery_sends_once()
    {
        gateway.Script.Enqueue(() => throw new HttpRequestException("Kavenegar is down"));
        var dispatcher = Dispatcher();

        await Assert.ThrowsAsync<HttpRequestException>(() => dispatcher.DispatchAsync(Request("1234567894-ack"), CancellationToken.None));
        Assert.Equal(SmsState.Sending, (await store.GetAsync("1234567894-ack", CancellationToken.None))!.State);

        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(Request("1234567894-ack"), CancellationToken.None));
        Assert.Single(gateway.Sent);
    }

    [Fact]
    public async Task An_sms_whose_every_attempt_the_provider_still_recognises_is_sent_without_a_sending_record()
    {
        var request = Request("1234567894-ack") with { NoAttemptBefore = TehranNoon - TimeSpan.FromHours(2) };

        Assert.Equal(DispatchOutcome.Sent, await Dispatcher().DispatchAsync(request, CancellationToken.None));

        var stored = await store.GetAsync("1234567894-ack", CancellationToken.None);
        Assert.Equal([SmsState.Queued, SmsState.Sent], stored!.History.Select(change => change.State));
        Assert.Equal("1000", stored.ProviderMessageId);
        Assert.Equal(1, (await store.GetPhoneAsync(request.PhoneHash, CancellationToken.None)).SentOn(TehranTime.DayKey(TehranNoon)));
    }

    [Fact]
    public async Task An_attempt_without_an_answer_leaves_no_record_and_is_sent_again_under_the_same_key_within_the_providers_memory()
    {
        var request = Request("1234567894-ack") with { NoAttemptBefore = TehranNoon - TimeSpan.FromHours(10) };
        gateway.Script.Enqueue(() => throw new TimeoutException("no answer"));
        await Assert.ThrowsAsync<TimeoutException>(() => Dispatcher().DispatchAsync(request, CancellationToken.None));
        Assert.Null(await store.GetAsync("1234567894-ack", CancellationToken.None));
        clock.Now += TimeSpan.FromMinutes(59);

        Assert.Equal(DispatchOutcome.Sent, await Dispatcher().DispatchAsync(request, CancellationToken.None));
        Assert.Equal("1234567894-ack", Assert.Single(gateway.Sent).Key);
    }

    [Fact]
    public async Task An_sms_whose_earliest_attempt_may_be_forgotten_by_the_provider_takes_the_sending_record()
    {
        var request = Request("1234567894-ack") with { NoAttemptBefore = TehranNoon - SmsRules.Default.ResendProtectedFor };
        gateway.Script.Enqueue(() => throw new TimeoutException("no answer"));

        await Assert.ThrowsAsync<TimeoutException>(() => Dispatcher().DispatchAsync(request, CancellationToken.None));

        Assert.Equal(SmsState.Sending, (await store.GetAsync("1234567894-ack", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_twin_delivery_sending_without_a_record_neither_overwrites_nor_counts_again_what_the_other_stored()
    {
        var request = Request("1234567894-ack") with { NoAttemptBefore = TehranNoon };
        var dispatcher = Dispatcher();
        store.AfterNextRead = () => dispatcher.DispatchAsync(request, CancellationToken.None);

        var late = await dispatcher.DispatchAsync(request, CancellationToken.None);

        Assert.Equal(DispatchOutcome.AlreadyHandled, late);
        var stored = await store.GetAsync("1234567894-ack", CancellationToken.None);
        Assert.Equal(SmsState.Sent, stored!.State);
        Assert.Equal("1000", stored.ProviderMessageId);
        Assert.Equal(1, (await store.GetPhoneAsync(request.PhoneHash, CancellationToken.None)).SentOn(TehranTime.DayKey(TehranNoon)));
    }

    [Fact]
    public async Task An_sms_given_up_before_anything_was_stored_of_it_is_recorded_failed_and_a_sent_one_is_left_alone()
    {
        var request = Request("1234567894-ack") with { NoAttemptBefore = TehranNoon };
        gateway.Script.Enqueue(() => throw new TimeoutException("no answer"));
        await Assert.ThrowsAsync<TimeoutException>(() => Dispatcher().DispatchAsync(request, CancellationToken.None));
        await Dispatcher().DispatchAsync(Request("9876543215-ack"), CancellationToken.None);

        Assert.True(await Dispatcher().GiveUpAsync(request, "TimeoutException: no answer", CancellationToken.None));
        Assert.False(await Dispatcher().GiveUpAsync(Request("9876543215-ack"), "late", CancellationToken.None));

        var failed = await store.GetAsync("1234567894-ack", CancellationToken.None);
        Assert.Equal((SmsState.Failed, "TimeoutException: no answer"), (failed!.State, failed.FailureReason));
        Assert.Equal(SmsState.Sent, (await store.GetAsync("9876543215-ack", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task An_acknowledgement_a_twin_delivery_already_sent_stays_as_it_stored_it_and_is_counted_once()
    {
        var request = Request("1234567894-ack") with { NoAttemptBefore = TehranNoon };
        Assert.Equal(DispatchOutcome.Sent, await Dispatcher().DispatchAsync(request, CancellationToken.None));
        clock.Now += TimeSpan.FromMinutes(1);

        Assert.Equal(DispatchOutcome.AlreadyHandled, await Dispatcher().DispatchAsync(request, CancellationToken.None));

        var stored = await store.GetAsync("1234567894-ack", CancellationToken.None);
        Assert.Equal([SmsState.Queued, SmsState.Sent], stored!.History.Select(change => change.State));
        Assert.Equal(("1000", TehranNoon), (stored.ProviderMessageId, stored.SentAt));
        Assert.Single(gateway.Sent);
        Assert.Equal(1, (await store.GetPhoneAsync(request.PhoneHash, CancellationToken.None)).SentOn(TehranTime.DayKey(TehranNoon)));
    }

    [Fact]
    public async Task An_acknowledgement_stored_queued_by_a_paused_send_is_sent_over_that_row_and_counted_once()
    {
        var request = Request("1234567894-ack") with { NoAttemptBefore = TehranNoon };
        gateway.Script.Enqueue(() => new SmsSendResult.Paused("InsufficientCredit: no credit"));
        Assert.Equal(DispatchOutcome.Paused, await Dispatcher().DispatchAsync(request, CancellationToken.None));
        clock.Now += SmsRules.Default.PausedRetryAfter;

        Assert.Equal(DispatchOutcome.Sent, await Dispatcher().DispatchAsync(request, CancellationToken.None));

        var stored = await store.GetAsync("1234567894-ack", CancellationToken.None);
        Assert.Equal([SmsState.Queued, SmsState.Queued, SmsState.Sent], stored!.History.Select(change => change.State));
        Assert.Equal("1000", stored.ProviderMessageId);
        Assert.Equal(1, (await store.GetPhoneAsync(request.PhoneHash, CancellationToken.None)).SentOn(TehranTime.DayKey(clock.Now)));
    }

    [Fact]
    public async Task An_undeliverable_acknowledgement_stays_failed_when_its_message_comes_again()
    {
        var request = Request("1234567894-ack") with { NoAttemptBefore = TehranNoon };
        gateway.Script.Enqueue(() => new SmsSendResult.Undeliverable("the receptor is not a valid number"));
        Assert.Equal(DispatchOutcome.Undeliverable, await Dispatcher().DispatchAsync(request, CancellationToken.None));
        gateway.Script.Enqueue(() => new SmsSendResult.Undeliverable("the receptor is not a valid number"));

        Assert.Equal(DispatchOutcome.AlreadyHandled, await Dispatcher().DispatchAsync(request, CancellationToken.None));

        var stored = await store.GetAsync("1234567894-ack", CancellationToken.None);
        Assert.Equal([SmsState.Queued, SmsState.Failed], stored!.History.Select(change => change.State));
        Assert.Equal(0, (await store.GetPhoneAsync(request.PhoneHash, CancellationToken.None)).SentOn(TehranTime.DayKey(TehranNoon)));
    }

    [Fact]
    public async Task An_acknowledgement_at_night_that_a_twin_already_sent_is_not_put_back_on_the_queue()
    {
        var request = Request("1234567894-ack") with { NoAttemptBefore = TehranNoon };
        Assert.Equal(DispatchOutcome.Sent, await Dispatcher().DispatchAsync(request, CancellationToken.None));
        clock.Now = new DateTimeOffset(2026, 11, 21, 20, 0, 0, TimeSpan.Zero);

        Assert.Equal(DispatchOutcome.AlreadyHandled, await Dispatcher().DispatchAsync(request, CancellationToken.None));

        Assert.Empty(queue.Sent);
    }
}
