using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Feedback.Core.Input;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Time;
using Feedback.Functions.Notifications;
using Feedback.Kavenegar.StandIn;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Notifications;

/// <summary>The citizen's SMS loop through the running app, with Kavenegar played by its stand-in and storage a real Azurite.</summary>
public sealed class SmsLoopTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    /// <summary>12:00 in Tehran: no quiet hours in the way.</summary>
    private static readonly DateTimeOffset TehranNoon = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private const string ReceivingLine = "10004346";

    private readonly string deliverySecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
    private KavenegarStandIn kavenegar = null!;

    public override async Task InitializeAsync()
    {
        kavenegar = await KavenegarStandIn.StartAsync("test-api-key");
        Factory.Clock = new ManualClock(TehranNoon);
        Factory.Settings["Feedback:Kavenegar:ApiKey"] = kavenegar.ApiKey;
        Factory.Settings["Feedback:Kavenegar:BaseAddress"] = kavenegar.BaseAddress.AbsoluteUri;
        Factory.Settings["Feedback:SmsDeliverySecret"] = deliverySecret;
        Factory.Settings["Feedback:Kavenegar:ReceiveLines"] = ReceivingLine;
        await base.InitializeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            kavenegar.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_web_message_with_a_phone_gets_one_acknowledgement_with_its_tracking_code()
    {
        var code = await SubmitAsync("09351112233");

        var sms = await WaitForSmsAsync("09351112233", 1);

        Assert.Contains(TehranTime.PersianDigits(code), Assert.Single(sms).Text, StringComparison.Ordinal);
        Assert.Contains("/status", sms[0].Text, StringComparison.Ordinal);
        // Kavenegar still knows every attempt it can have had (its item was just received): no Sending record before the send.
        var phones = Service<PhoneProtector>();
        var stored = await WaitAsync(() => Service<ISmsStore>().GetAsync(phones.LookupHash(IranianMobile.Parse("09351112233").Mobile!), $"{code}-ack", CancellationToken.None));
        Assert.Equal([SmsState.Queued, SmsState.Sent], stored.History.Select(change => change.State));
    }

    [Theory]
    [InlineData("09351112244", 2)]
    [InlineData("09351112245", Feedback.Functions.Triggers.QueueTrigger<SmsRequests>.MaxDeliveries + 1)]
    public async Task A_redelivered_notification_sends_nothing_twice_and_is_completed(string number, int deliveryCount)
    {
        await SubmitAsync(number);
        var first = Assert.Single(await WaitForSmsAsync(number, 1));
        var phones = Service<PhoneProtector>();
        var phone = IranianMobile.Parse(number).Mobile!;
        // The SMS is stored once sent, a moment after the provider has it.
        var code = (await WaitAsync(() => Service<ISmsStore>().GetAsync(phones.LookupHash(phone), OutgoingKey(first), CancellationToken.None))).Key;
        var again = new SmsRequested(code, SmsKind.Acknowledgement, phones.Encrypt(phone), phones.LookupHash(phone), first.Text);

        var result = await Service<SendNotificationsFunction>().DeliverAsync(Received(again, deliveryCount), CancellationToken.None);

        Assert.Equal(Feedback.Functions.Triggers.DeliveryVerdict.Done, result.Verdict);
        Assert.Single(kavenegar.Messages, message => message.Receptor == number);
        Assert.NotEqual(SmsState.Failed, (await Service<ISmsStore>().GetAsync(phones.LookupHash(phone), code, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task An_inbound_sms_whose_forward_failed_is_fetched_and_one_whose_forward_arrived_is_not_doubled()
    {
        // Kavenegar could not forward either (no forward address): both stay unread there. The second one's forward
        // did reach the app, though Kavenegar took it as failed (its answer came too late).
        await kavenegar.ReceiveSmsAsync("09351113311", ReceivingLine, "سه روزه آب محله ما قطعه");
        var arrived = await kavenegar.ReceiveSmsAsync("09351113322", ReceivingLine, "برق خیابان ما دو روزه قطعه");
        var forwarded = await ForwardSmsAsync("09351113322", arrived.Text, arrived.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await Service<IEnumerable<Feedback.Functions.Triggers.ITimerTrigger>>().Single(timer => timer.FunctionName == "FetchInboundSms").FireAsync(CancellationToken.None);

        Assert.All(kavenegar.Inbox, message => Assert.True(message.IsRead));
        // One acknowledgement each: the fetched one was stored, the forwarded one was not stored again.
        Assert.Single(await WaitForSmsAsync("09351113311", 1));
        var doubled = Assert.Single(await WaitForSmsAsync("09351113322", 1));
        Assert.Contains(TehranTime.PersianDigits(forwarded.GetProperty("trackingCode").GetString()!), doubled.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_opt_out_by_sms_makes_no_feedback_and_is_confirmed_once()
    {
        var first = await ForwardSmsAsync("09351112255", "لغو ۱۱");
        var repeated = await ForwardSmsAsync("09351112255", "  LAGHV 11 ");

        Assert.Equal("opt-out", first.GetProperty("command").GetString());
        Assert.True(first.GetProperty("changed").GetBoolean());
        Assert.False(repeated.GetProperty("changed").GetBoolean());
        Assert.False(first.TryGetProperty("trackingCode", out _));
        var confirmation = Assert.Single(await WaitForSmsAsync("09351112255", 1));
        Assert.Equal(SmsTemplates.OptOutConfirmed(), confirmation.Text);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(kavenegar.Messages, message => message.Receptor == "09351112255");
    }

    [Fact]
    public async Task Delivery_reports_move_the_sms_on_and_a_blocked_number_is_opted_out()
    {
        await SubmitAsync("09351112266");
        var sent = Assert.Single(await WaitForSmsAsync("09351112266", 1));

        using var delivered = await Client.GetAsync($"/api/sms/delivery/{deliverySecret}?messageid={sent.MessageId}&status=14");

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.True((await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applied").GetBoolean());
        var stored = await Service<ISmsStore>().GetAsync(Service<PhoneProtector>().LookupHash(IranianMobile.Parse("09351112266").Mobile!), OutgoingKey(sent), CancellationToken.None);
        Assert.Equal(SmsState.Blocked, stored!.State);
        var phone = IranianMobile.Parse("09351112266").Mobile!;
        Assert.True((await Service<ISmsStore>().GetPhoneAsync(Service<PhoneProtector>().LookupHash(phone), CancellationToken.None)).OptedOut);
    }

    [Theory]
    [InlineData("wrong-secret", "messageid=1&status=10", HttpStatusCode.Unauthorized)]
    [InlineData(null, "messageid=abc&status=10", HttpStatusCode.BadRequest)]
    [InlineData(null, "messageid=1", HttpStatusCode.BadRequest)]
    public async Task A_bad_delivery_report_is_refused_with_a_problem(string? secret, string query, HttpStatusCode expected)
    {
        using var response = await Client.GetAsync($"/api/sms/delivery/{secret ?? deliverySecret}?{query}");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_credit_the_sms_waits_in_the_queue_and_health_is_degraded()
    {
        kavenegar.RemainingCredit = 0;

        await SubmitAsync("09351112277");

        var health = await WaitAsync(async () =>
        {
            var body = await Client.GetStringAsync("/api/health");
            return body.Contains("degraded", StringComparison.Ordinal) ? body : null;
        });
        Assert.Contains("InsufficientCredit", health, StringComparison.Ordinal);
        Assert.DoesNotContain(kavenegar.ApiKey, health, StringComparison.Ordinal);
        Assert.Empty(kavenegar.Messages);
    }

    /// <summary>The acknowledgement's key is its tracking code's: the stand-in's text carries the code in Persian digits.</summary>
    private static string OutgoingKey(StandInMessage sent) =>
        $"{TehranTime.AsciiDigits(System.Text.RegularExpressions.Regex.Match(sent.Text, "[۰-۹]{10}").Value)}-ack";

    private async Task<string> SubmitAsync(string phone)
    {
        using var response = await Client.PostAsJsonAsync("/api/feedback", new { text = "سه روزه آب محله ما قطعه و هیچکس جواب نمیده", phone, province = "zanjan" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString()!;
    }

    private async Task<JsonElement> ForwardSmsAsync(string from, string message, string? messageId = null)
    {
        var secret = Factory.Settings["Feedback:SmsInboundSecret"];
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["messageid"] = messageId ?? Guid.NewGuid().ToString("N"), ["from"] = from, ["to"] = ReceivingLine, ["message"] = message });
        using var response = await Client.PostAsync($"/api/sms/inbound/{secret}", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<IReadOnlyList<StandInMessage>> WaitForSmsAsync(string receptor, int count) =>
        WaitAsync(() =>
        {
            var sent = kavenegar.Messages.Where(message => message.Receptor == receptor).ToArray();
            return Task.FromResult<IReadOnlyList<StandInMessage>?>(sent.Length >= count ? sent : null);
        });

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> attempt)
        where T : class
    {
        for (var tries = 0; tries < 150; tries++)
        {
            if (await attempt() is { } done)
                return done;
            await Task.Delay(200);
        }
        throw new TimeoutException("the pipeline did not get there within 30 seconds");
    }

    private static ReceivedMessage Received(SmsRequested request, int deliveryCount)
    {
        var message = request.ToMessage();
        return new ReceivedMessage(message.MessageId, message.Body, message.Properties, deliveryCount, "receipt", "transport-id");
    }
}
