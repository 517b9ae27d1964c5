using Feedback.Kavenegar.Tests.Support;

namespace Feedback.Kavenegar.Tests;

public sealed class SendTests : KavenegarTest
{
    private const string PersianText = "شهروند گرامی، بازخورد شما ثبت شد. کد پیگیری: ۱۲۳۴۵۶۷۸۹۰ — با سپاس، استانداری";

    [Fact]
    public async Task Send_posts_Kavenegars_form_fields_and_keeps_Persian_text_intact()
    {
        var client = Harness.CreateClient();

        var sent = await client.SendAsync(KavenegarHarness.Receptor, PersianText, localId: 42);

        var call = Assert.Single(Harness.StandIn.Calls);
        Assert.Equal("sms/send", call.Endpoint);
        Assert.True(call.ApiKeyAccepted);
        Assert.Equal(KavenegarHarness.Receptor, call.Fields["receptor"]);
        Assert.Equal(PersianText, call.Fields["message"]);
        Assert.Equal(KavenegarHarness.Sender, call.Fields["sender"]);
        Assert.Equal("42", call.Fields["localid"]);
        Assert.False(call.Fields.ContainsKey("date"));

        var accepted = Assert.Single(Harness.StandIn.Messages);
        Assert.Equal(accepted.MessageId, sent.MessageId);
        Assert.Equal(PersianText, accepted.Text);
        Assert.Equal(PersianText, sent.Text);
        Assert.Equal(KavenegarHarness.Receptor, sent.Receptor);
        Assert.Equal(KavenegarHarness.Sender, sent.Sender);
        Assert.Equal(1, sent.Status);
        Assert.Equal(SmsDeliveryState.Queued, sent.State);
        Assert.False(sent.IsFinal);
        Assert.Equal(accepted.Cost, sent.Cost);
        Assert.Equal(accepted.AcceptedAt.ToUnixTimeSeconds(), sent.Date?.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Send_to_several_receptors_returns_one_entry_per_receptor_in_order()
    {
        var client = Harness.CreateClient();
        string[] receptors = ["09121234567", "09351234567", "09901234567"];

        var sent = await client.SendAsync(receptors, PersianText, localIds: [11, 12, 13]);

        var call = Assert.Single(Harness.StandIn.Calls);
        Assert.Equal(string.Join(',', receptors), call.Fields["receptor"]);
        Assert.Equal("11,12,13", call.Fields["localid"]);
        Assert.Equal(receptors, sent.Select(message => message.Receptor));
        Assert.Equal(Harness.StandIn.Messages.Select(message => message.MessageId), sent.Select(message => message.MessageId));
        Assert.Equal([11L, 12L, 13L], Harness.StandIn.Messages.Select(message => message.LocalId ?? 0));
    }

    [Fact]
    public async Task A_sender_given_to_the_call_overrides_the_configured_line()
    {
        var client = Harness.CreateClient();

        var sent = await client.SendAsync(KavenegarHarness.Receptor, PersianText, sender: "30007732");

        Assert.Equal("30007732", Assert.Single(Harness.StandIn.Calls).Fields["sender"]);
        Assert.Equal("30007732", sent.Sender);
    }

    [Fact]
    public async Task Without_any_sender_line_the_field_is_left_out_for_Kavenegars_default_line()
    {
        var client = Harness.CreateClient(options => options.Sender = null);

        var sent = await client.SendAsync(KavenegarHarness.Receptor, PersianText);

        Assert.False(Assert.Single(Harness.StandIn.Calls).Fields.ContainsKey("sender"));
        Assert.Null(sent.Sender);
    }

    [Fact]
    public async Task A_scheduled_send_passes_its_date_as_unix_seconds_and_comes_back_scheduled()
    {
        var client = Harness.CreateClient();
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeSeconds());

        var sent = await client.SendAsync(KavenegarHarness.Receptor, PersianText, scheduledAt: at);

        Assert.Equal(at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(Harness.StandIn.Calls).Fields["date"]);
        Assert.Equal(2, sent.Status);
        Assert.Equal(SmsDeliveryState.Queued, sent.State);
        Assert.Equal(at, sent.Date);
    }

    [Fact]
    public async Task A_repeated_local_id_is_sent_once_and_answered_with_the_first_message()
    {
        var client = Harness.CreateClient();
        var creditBefore = Harness.StandIn.RemainingCredit;

        var first = await client.SendAsync(KavenegarHarness.Receptor, PersianText, localId: 9001);
        var repeat = await client.SendAsync(KavenegarHarness.Receptor, PersianText, localId: 9001);

        Assert.Equal(first.MessageId, repeat.MessageId);
        var accepted = Assert.Single(Harness.StandIn.Messages);
        Assert.Equal(creditBefore - accepted.Cost, Harness.StandIn.RemainingCredit);
        Assert.Equal(2, Harness.StandIn.Calls.Count);
    }

    [Fact]
    public async Task More_than_200_receptors_are_refused_before_any_call()
    {
        var client = Harness.CreateClient();
        var receptors = Enumerable.Range(0, KavenegarClient.MaxMessagesPerCall + 1).Select(i => $"0912{i:D7}").ToList();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(receptors, PersianText));

        Assert.Equal("receptors", refused.ParamName);
        Assert.Empty(Harness.StandIn.Calls);
    }

    [Fact]
    public async Task Exactly_200_receptors_go_in_one_call()
    {
        var client = Harness.CreateClient();
        var receptors = Enumerable.Range(0, KavenegarClient.MaxMessagesPerCall).Select(i => $"0912{i:D7}").ToList();

        var sent = await client.SendAsync(receptors, "Latin text");

        Assert.Equal(KavenegarClient.MaxMessagesPerCall, sent.Count);
        Assert.Single(Harness.StandIn.Calls);
    }

    [Fact]
    public async Task Local_ids_must_pair_up_with_receptors_and_be_distinct()
    {
        var client = Harness.CreateClient();
        string[] receptors = ["09121234567", "09351234567"];

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(receptors, PersianText, localIds: [1]));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(receptors, PersianText, localIds: [5, 5]));
        Assert.Empty(Harness.StandIn.Calls);
    }

    [Theory]
    [InlineData("09121234567,09351234567", "متن")]
    [InlineData("", "متن")]
    [InlineData("09121234567", " ")]
    public async Task Malformed_requests_are_refused_before_any_call(string receptor, string text)
    {
        var client = Harness.CreateClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(receptor, text));

        Assert.Empty(Harness.StandIn.Calls);
    }
}
