using Feedback.Kavenegar.Tests.Support;

namespace Feedback.Kavenegar.Tests;

public sealed class StatusAndAccountTests : KavenegarTest
{
    [Fact]
    public async Task Status_reports_each_message_in_the_order_asked_and_an_unknown_id_as_100()
    {
        var client = Harness.CreateClient();
        var sent = await client.SendAsync(["09121234567", "09351234567"], "پیام آزمایشی");
        Harness.StandIn.SetDeliveryStatus(sent[0].MessageId, 10);
        const long neverSent = 5;

        var statuses = await client.GetStatusAsync([sent[1].MessageId, sent[0].MessageId, neverSent]);

        var call = Harness.StandIn.Calls[^1];
        Assert.Equal("sms/status", call.Endpoint);
        Assert.Equal($"{sent[1].MessageId},{sent[0].MessageId},{neverSent}", call.Fields["messageid"]);
        Assert.Equal([sent[1].MessageId, sent[0].MessageId, neverSent], statuses.Select(status => status.MessageId));
        Assert.Equal([1, 10, 100], statuses.Select(status => status.Status));
        Assert.Equal([SmsDeliveryState.Queued, SmsDeliveryState.Delivered, SmsDeliveryState.Unknown], statuses.Select(status => status.State));
        Assert.Equal([false, true, true], statuses.Select(status => status.IsFinal));
        Assert.All(statuses, status => Assert.False(string.IsNullOrEmpty(status.StatusText)));
    }

    [Fact]
    public async Task Up_to_500_ids_go_in_one_status_call_and_more_are_refused()
    {
        var client = Harness.CreateClient();
        var ids = Enumerable.Range(1, KavenegarClient.MaxIdsPerStatusCall + 1).Select(id => (long)id).ToList();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.GetStatusAsync(ids));
        Assert.Equal("messageIds", refused.ParamName);
        Assert.Empty(Harness.StandIn.Calls);

        var statuses = await client.GetStatusAsync(ids.Take(KavenegarClient.MaxIdsPerStatusCall).ToList());
        Assert.Equal(KavenegarClient.MaxIdsPerStatusCall, statuses.Count);
        Assert.Single(Harness.StandIn.Calls);
    }

    [Fact]
    public async Task No_ids_is_refused()
    {
        var client = Harness.CreateClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetStatusAsync([]));
    }

    [Fact]
    public async Task Account_info_reports_the_remaining_credit_and_expiry()
    {
        var client = Harness.CreateClient();
        var expiry = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(200).ToUnixTimeSeconds());
        Harness.StandIn.RemainingCredit = 123_456;
        Harness.StandIn.AccountExpiresAt = expiry;

        var info = await client.GetAccountInfoAsync();

        Assert.Equal("account/info", Assert.Single(Harness.StandIn.Calls).Endpoint);
        Assert.Equal(123_456, info.RemainingCredit);
        Assert.Equal(expiry, info.ExpiresAt);
        Assert.False(string.IsNullOrEmpty(info.AccountType));
    }

    [Fact]
    public async Task Sending_spends_credit_by_the_part_and_account_info_shows_what_is_left()
    {
        var client = Harness.CreateClient();
        var before = await client.GetAccountInfoAsync();
        var twoPartPersianText = new string('ب', 71);

        var sent = await client.SendAsync(KavenegarHarness.Receptor, twoPartPersianText);
        var after = await client.GetAccountInfoAsync();

        Assert.Equal(2, Assert.Single(Harness.StandIn.Messages).Parts);
        Assert.Equal(2 * Harness.StandIn.CostPerPart, sent.Cost);
        Assert.Equal(before.RemainingCredit - sent.Cost, after.RemainingCredit);
    }

    [Fact]
    public async Task Running_out_of_credit_is_InsufficientCredit_and_nothing_is_sent_or_retried()
    {
        var client = Harness.CreateClient();
        Harness.StandIn.RemainingCredit = Harness.StandIn.CostPerPart - 1;

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, "متن", localId: 3));

        Assert.Equal(KavenegarFailureKind.InsufficientCredit, failure.Kind);
        Assert.Equal(KavenegarReturnCodes.InsufficientCredit, failure.ReturnStatus);
        Assert.Empty(Harness.StandIn.Messages);
        Assert.Single(Harness.StandIn.Calls);
    }
}
