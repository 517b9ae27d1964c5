using System.Net;
using Feedback.Kavenegar.StandIn;
using Feedback.Kavenegar.Tests.Support;
using Feedback.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Kavenegar.Tests;

/// <summary>What Kavenegar's reference says and the client and stand-in must both honour (issue 20).</summary>
public sealed class KavenegarAsItBehavesTests : IAsyncLifetime
{
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
    private KavenegarHarness harness = null!;

    public async Task InitializeAsync() => harness = await KavenegarHarness.StartAsync(clock);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task An_inbound_SMS_whose_forward_failed_stays_unread_and_sms_receive_fetches_it_once()
    {
        harness.StandIn.InboundForwardUrl = new Uri("http://127.0.0.1:9/api/sms/inbound/secret");
        var client = harness.CreateClient();

        var received = await harness.StandIn.ReceiveSmsAsync(KavenegarHarness.Receptor, KavenegarHarness.Sender, "آب قطع است");

        Assert.False(received.IsRead);
        var fetched = Assert.Single(await client.ReceiveUnreadAsync(KavenegarHarness.Sender));
        Assert.Equal((received.MessageId, KavenegarHarness.Receptor, KavenegarHarness.Sender, "آب قطع است"), (fetched.MessageId, fetched.Sender, fetched.Receptor, fetched.Text));
        Assert.Empty(await client.ReceiveUnreadAsync(KavenegarHarness.Sender));
        Assert.Empty(await client.ReceiveUnreadAsync("30001234"));
        var call = harness.StandIn.Calls[^1];
        Assert.Equal(("30001234", "0"), (call.Fields["linenumber"], call.Fields["isread"]));
    }

    [Fact]
    public async Task The_stand_in_forwards_inbound_SMS_and_reports_delivery_itself()
    {
        await using var app = await CallbackRecorder.StartAsync();
        harness.StandIn.InboundForwardUrl = new Uri(app.Address, "api/sms/inbound/secret");
        harness.StandIn.DeliveryCallbackUrl = new Uri(app.Address, "api/sms/delivery/secret");
        var client = harness.CreateClient();

        var received = await harness.StandIn.ReceiveSmsAsync(KavenegarHarness.Receptor, KavenegarHarness.Sender, "ممنون");
        var sent = await client.SendAsync(KavenegarHarness.Receptor, "کد پیگیری");
        Assert.True(await harness.StandIn.SetDeliveryStatusAsync(sent.MessageId, 10));

        Assert.True(received.IsRead && received.Forwarded);
        Assert.Empty(await client.ReceiveUnreadAsync(KavenegarHarness.Sender));
        Assert.Equal(
            [$"/api/sms/inbound/secret?messageid={received.MessageId}&from={KavenegarHarness.Receptor}&to={KavenegarHarness.Sender}&message={Uri.EscapeDataString("ممنون")}",
             $"/api/sms/delivery/secret?messageid={sent.MessageId}&status=10"],
            app.Requests);
    }

    [Fact]
    public async Task A_forward_answered_503_leaves_the_message_unread()
    {
        await using var app = await CallbackRecorder.StartAsync(StatusCodes.Status503ServiceUnavailable);
        harness.StandIn.InboundForwardUrl = new Uri(app.Address, "api/sms/inbound/secret");

        var received = await harness.StandIn.ReceiveSmsAsync(KavenegarHarness.Receptor, KavenegarHarness.Sender, "سلام");

        Assert.Single(app.Requests);
        Assert.False(received.IsRead);
        Assert.Single(await harness.CreateClient().ReceiveUnreadAsync(KavenegarHarness.Sender));
    }

    [Fact]
    public async Task Sms_status_answers_100_once_a_message_is_past_the_48_hour_window()
    {
        var client = harness.CreateClient();
        var sent = await client.SendAsync(KavenegarHarness.Receptor, "متن");
        harness.StandIn.SetDeliveryStatus(sent.MessageId, 4);

        clock.Now += TimeSpan.FromHours(47);
        Assert.Equal(4, Assert.Single(await client.GetStatusAsync([sent.MessageId])).Status);
        clock.Now += TimeSpan.FromHours(1);
        var status = Assert.Single(await client.GetStatusAsync([sent.MessageId]));

        Assert.Equal(100, status.Status);
        Assert.Equal(SmsDeliveryState.Unknown, status.State);
    }

    [Fact]
    public async Task A_local_id_is_remembered_for_12_hours_then_sent_again()
    {
        var client = harness.CreateClient();
        var first = await client.SendAsync(KavenegarHarness.Receptor, "متن", localId: 42);

        clock.Now += TimeSpan.FromHours(11);
        Assert.Equal(first.MessageId, (await client.SendAsync(KavenegarHarness.Receptor, "متن", localId: 42)).MessageId);
        var remembered = Assert.Single(await client.GetStatusByLocalIdsAsync([42]));
        clock.Now += TimeSpan.FromHours(2);
        var forgotten = Assert.Single(await client.GetStatusByLocalIdsAsync([42]));
        var again = await client.SendAsync(KavenegarHarness.Receptor, "متن", localId: 42);

        Assert.Equal((42L, first.MessageId, true), (remembered.LocalId, remembered.MessageId, remembered.IsKnown));
        Assert.Equal((0L, 100, false), (forgotten.MessageId, forgotten.Status, forgotten.IsKnown));
        Assert.NotEqual(first.MessageId, again.MessageId);
        Assert.Equal(2, harness.StandIn.Messages.Count);
        Assert.Equal("42", harness.StandIn.Calls.First(call => call.Endpoint == "sms/statuslocalmessageid").Fields["localid"]);
    }

    [Fact]
    public async Task A_send_date_in_the_past_is_417()
    {
        var client = harness.CreateClient();

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, "متن", scheduledAt: clock.Now.AddMinutes(-5)));

        Assert.Equal(417, failure.ReturnStatus);
        Assert.Empty(harness.StandIn.Messages);
    }

    [Theory]
    [InlineData("token", "12 34")]
    [InlineData("token", "12\n34")]
    [InlineData("token", "12\t34")]
    [InlineData("token", "12_34")]
    [InlineData("token2", "a b")]
    [InlineData("token3", "a b")]
    [InlineData("token10", "a b c d e f g")]
    [InlineData("token20", "a b c d e f g h i j")]
    [InlineData("token10", "a\nb")]
    public async Task Every_documented_token_rule_is_431(string name, string value)
    {
        harness.StandIn.AddVerifyTemplate("code", "کد %token %token2 %token3 %token10 %token20");
        var client = harness.CreateClient();
        string? Token(string token) => token == name ? value : "x";

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => LookupAsync(client, Token("token")!, Token("token2"), Token("token3"), Token("token10"), Token("token20")));

        Assert.Equal(431, failure.ReturnStatus);
    }

    [Fact]
    public async Task Tokens_within_the_rules_are_sent()
    {
        harness.StandIn.AddVerifyTemplate("code", "کد %token %token10 %token20");

        await LookupAsync(harness.CreateClient(), "1234", null, null, "a b c d e f", "a b c d e f g h i");

        Assert.Equal("کد 1234 a b c d e f a b c d e f g h i", Assert.Single(harness.StandIn.Messages).Text);
        Assert.Equal(431, (await Assert.ThrowsAsync<KavenegarException>(() => LookupAsync(harness.CreateClient(), new string('1', 101), null, null, null, null))).ReturnStatus);
    }

    [Fact]
    public async Task The_account_type_is_as_documented()
    {
        var info = await harness.CreateClient().GetAccountInfoAsync();

        Assert.Equal("master", info.AccountType);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_bare_5xx_on_a_send_without_local_ids_is_not_retried_and_its_outcome_is_unknown(HttpStatusCode status)
    {
        var client = harness.CreateClient();
        harness.StandIn.FailNextWithHttpStatus(1, status);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, "متن"));

        Assert.True(failure.OutcomeUnknown);
        Assert.Single(harness.StandIn.Calls);
    }

    [Fact]
    public async Task A_bare_5xx_on_a_verify_lookup_is_not_retried()
    {
        harness.StandIn.AddVerifyTemplate("code", "کد: %token");
        var client = harness.CreateClient();
        harness.StandIn.FailNextWithHttpStatus(1, HttpStatusCode.BadGateway);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.VerifyLookupAsync(KavenegarHarness.Receptor, "code", "1234"));

        Assert.True(failure.OutcomeUnknown);
        Assert.Single(harness.StandIn.Calls);
    }

    [Fact]
    public async Task A_bare_5xx_on_a_send_with_a_local_id_is_retried_and_sent_once()
    {
        var client = harness.CreateClient();
        harness.StandIn.FailNextWithHttpStatus(1, HttpStatusCode.BadGateway);

        await client.SendAsync(KavenegarHarness.Receptor, "متن", localId: 7);

        Assert.Equal(2, harness.StandIn.Calls.Count);
        Assert.Single(harness.StandIn.Messages);
    }

    [Fact]
    public async Task A_402_on_a_send_without_local_ids_is_not_retried()
    {
        var client = harness.CreateClient();
        harness.StandIn.FailNext(3, KavenegarReturnCodes.OperationFailed);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, "متن"));

        Assert.Equal((KavenegarFailureKind.Transient, true), (failure.Kind, failure.OutcomeUnknown));
        Assert.Single(harness.StandIn.Calls);
    }

    [Fact]
    public async Task A_fetch_of_inbound_SMS_that_gets_no_answer_is_not_repeated()
    {
        harness.StandIn.InboundForwardUrl = null;
        await harness.StandIn.ReceiveSmsAsync(KavenegarHarness.Receptor, KavenegarHarness.Sender, "سلام");
        harness.StandIn.FailNextWithHttpStatus(1, HttpStatusCode.BadGateway);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => harness.CreateClient().ReceiveUnreadAsync(KavenegarHarness.Sender));

        Assert.True(failure.OutcomeUnknown);
        Assert.Single(harness.StandIn.Calls);
    }

    private static Task<KavenegarMessage> LookupAsync(KavenegarClient client, string token, string? token2, string? token3, string? token10, string? token20) =>
        client.VerifyLookupAsync(KavenegarHarness.Receptor, "code", token, token2, token3, token10, token20);

    /// <summary>An app that records the callbacks it gets (path and query) and answers each with one status.</summary>
    private sealed class CallbackRecorder : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly List<string> requests = [];

        private CallbackRecorder(WebApplication app) => this.app = app;

        public Uri Address { get; private set; } = null!;

        public IReadOnlyList<string> Requests
        {
            get { lock (requests) { return [.. requests]; } }
        }

        public static async Task<CallbackRecorder> StartAsync(int status = StatusCodes.Status200OK)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var recorder = new CallbackRecorder(builder.Build());
            recorder.app.Run(context =>
            {
                lock (recorder.requests)
                {
                    recorder.requests.Add(context.Request.Path + context.Request.QueryString);
                }

                context.Response.StatusCode = status;
                return Task.CompletedTask;
            });
            await recorder.app.StartAsync();
            var address = recorder.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            recorder.Address = new Uri(address.TrimEnd('/') + "/");
            return recorder;
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
