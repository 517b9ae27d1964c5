using System.Net;
using Feedback.Core.Input;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Functions.Notifications;
using Feedback.Kavenegar;
using Feedback.Kavenegar.StandIn;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests.Notifications;

/// <summary>The gateway against Kavenegar's stand-in: a send whose outcome is unknown is looked up, never sent blindly again (issue 20).</summary>
public sealed class KavenegarSmsGatewayTests : IAsyncLifetime
{
    private static readonly IranianMobile Citizen = IranianMobile.Parse("09121234567").Mobile!;
    private static readonly PhoneHash CitizenHash = new("citizen-hash");

    private KavenegarStandIn kavenegar = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        kavenegar = await KavenegarStandIn.StartAsync("test-api-key");
        services = new ServiceCollection().AddLogging().AddKavenegarClient(options =>
        {
            options.ApiKey = kavenegar.ApiKey;
            options.BaseAddress = kavenegar.BaseAddress;
            options.MaxRetryAttempts = 0;
            // Long enough for a busy machine: only the test of a lost answer waits it out.
            options.RequestTimeout = TimeSpan.FromSeconds(10);
        }).Services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await kavenegar.DisposeAsync();
    }

    private KavenegarSmsGateway Gateway => new(services.GetRequiredService<KavenegarClient>());

    [Fact]
    public async Task A_send_whose_answer_was_lost_is_found_by_its_local_id_and_not_sent_again()
    {
        kavenegar.DelayNext(1, TimeSpan.FromMinutes(5));

        var result = await Gateway.SendAsync(new SmsToSend("1234567894-ack", Citizen, CitizenHash, "پیام شما ثبت شد"), CancellationToken.None);

        var message = Assert.Single(kavenegar.Messages);
        Assert.Equal(new SmsSendResult.Accepted(message.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture)), result);
        Assert.Equal(["sms/send", "sms/statuslocalmessageid"], kavenegar.Calls.Select(call => call.Endpoint));
    }

    [Fact]
    public async Task A_send_a_gateway_refused_before_kavenegar_is_not_found_and_left_to_the_queue()
    {
        kavenegar.FailNextWithHttpStatus(1, HttpStatusCode.BadGateway);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => Gateway.SendAsync(new SmsToSend("1234567894-ack", Citizen, CitizenHash, "پیام شما ثبت شد"), CancellationToken.None));

        Assert.True(failure.OutcomeUnknown);
        Assert.Empty(kavenegar.Messages);
        Assert.Equal(["sms/send", "sms/statuslocalmessageid"], kavenegar.Calls.Select(call => call.Endpoint));
    }

    [Fact]
    public async Task A_message_kavenegar_no_longer_knows_is_unconfirmed()
    {
        var states = await Gateway.GetStatesAsync(["123"], CancellationToken.None);

        Assert.Equal(SmsState.Unconfirmed, states["123"]);
    }

    [Fact]
    public async Task Links_restricted_on_the_account_pause_sending_instead_of_failing_the_sms()
    {
        kavenegar.FailNext(1, KavenegarReturnCodes.LinksRestricted);

        var result = await Gateway.SendAsync(new SmsToSend("1234567894-ack", Citizen, CitizenHash, "وضعیت: https://example.ir/status"), CancellationToken.None);

        Assert.IsType<SmsSendResult.Paused>(result);
    }
}
