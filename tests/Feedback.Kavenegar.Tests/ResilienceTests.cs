using System.Net;
using Feedback.Kavenegar.Tests.Support;

namespace Feedback.Kavenegar.Tests;

public sealed class ResilienceTests : KavenegarTest
{
    // Long enough for a loaded machine to answer an undelayed call; the stand-in holds a delayed answer far longer.
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HeldAnswer = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_busy_Kavenegar_409_is_retried_until_it_answers()
    {
        var client = Harness.CreateClient();
        Harness.StandIn.FailNext(2, KavenegarReturnCodes.ServerBusy);

        var sent = await client.SendAsync(KavenegarHarness.Receptor, "متن");

        Assert.Equal(3, Harness.StandIn.Calls.Count);
        Assert.Equal(Assert.Single(Harness.StandIn.Messages).MessageId, sent.MessageId);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_bare_5xx_is_retried_until_Kavenegar_answers(HttpStatusCode status)
    {
        var client = Harness.CreateClient();
        Harness.StandIn.FailNextWithHttpStatus(2, status);

        var info = await client.GetAccountInfoAsync();

        Assert.Equal(Harness.StandIn.RemainingCredit, info.RemainingCredit);
        Assert.Equal(3, Harness.StandIn.Calls.Count);
    }

    [Fact]
    public async Task A_timed_out_read_is_retried()
    {
        var client = Harness.CreateClient(options => options.RequestTimeout = ShortTimeout);
        Harness.StandIn.DelayNext(1, HeldAnswer);

        var info = await client.GetAccountInfoAsync();

        Assert.Equal(Harness.StandIn.RemainingCredit, info.RemainingCredit);
        Assert.Equal(2, Harness.StandIn.Calls.Count);
    }

    [Fact]
    public async Task A_timed_out_send_with_a_local_id_is_retried_and_Kavenegar_does_not_send_it_twice()
    {
        var client = Harness.CreateClient(options => options.RequestTimeout = ShortTimeout);
        Harness.StandIn.DelayNext(1, HeldAnswer);

        var sent = await client.SendAsync(KavenegarHarness.Receptor, "متن", localId: 77);

        Assert.Equal(2, Harness.StandIn.Calls.Count);
        Assert.Equal(Assert.Single(Harness.StandIn.Messages).MessageId, sent.MessageId);
    }

    [Fact]
    public async Task A_timed_out_send_without_a_local_id_is_not_retried_and_says_it_may_be_out()
    {
        var client = Harness.CreateClient(options => options.RequestTimeout = ShortTimeout);
        Harness.StandIn.DelayNext(1, HeldAnswer);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, "متن"));

        Assert.Equal(KavenegarFailureKind.Transient, failure.Kind);
        Assert.True(failure.OutcomeUnknown);
        Assert.Single(Harness.StandIn.Calls);
        Assert.Single(Harness.StandIn.Messages);
    }

    [Fact]
    public async Task A_verify_lookup_that_times_out_is_not_retried()
    {
        Harness.StandIn.AddVerifyTemplate("code", "کد: %token");
        var client = Harness.CreateClient(options => options.RequestTimeout = ShortTimeout);
        Harness.StandIn.DelayNext(1, HeldAnswer);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.VerifyLookupAsync(KavenegarHarness.Receptor, "code", "1234"));

        Assert.True(failure.OutcomeUnknown);
        Assert.Single(Harness.StandIn.Calls);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(411)]
    [InlineData(412)]
    [InlineData(413)]
    [InlineData(418)]
    [InlineData(422)]
    [InlineData(429)]
    [InlineData(451)]
    [InlineData(501)]
    public async Task What_is_not_transient_is_never_retried(int status)
    {
        var client = Harness.CreateClient();
        Harness.StandIn.FailNext(5, status);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, "متن", localId: 1));

        Assert.Equal(status, failure.ReturnStatus);
        Assert.Single(Harness.StandIn.Calls);
    }

    [Fact]
    public async Task Retries_stop_at_MaxRetryAttempts()
    {
        var client = Harness.CreateClient(options => options.MaxRetryAttempts = 2);
        Harness.StandIn.FailNext(10, KavenegarReturnCodes.ServerBusy);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.GetAccountInfoAsync());

        Assert.Equal(KavenegarFailureKind.Transient, failure.Kind);
        Assert.Equal(KavenegarReturnCodes.ServerBusy, failure.ReturnStatus);
        Assert.Equal(3, Harness.StandIn.Calls.Count);
        Assert.Equal(2, Harness.Logs.Entries.Count(entry => entry.Message.Contains("retrying", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unreachable_Kavenegar_is_transient_after_the_retries_and_nothing_was_sent()
    {
        var client = Harness.CreateClient(options => options.BaseAddress = new Uri("http://127.0.0.1:9/"));

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, "متن"));

        Assert.Equal(KavenegarFailureKind.Transient, failure.Kind);
        Assert.False(failure.OutcomeUnknown);
        Assert.Null(failure.ReturnStatus);
        Assert.IsType<HttpRequestException>(failure.InnerException);
        Assert.Equal(3, Harness.Logs.Entries.Count(entry => entry.Message.Contains("retrying", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_2xx_without_Kavenegars_envelope_leaves_a_send_unknown_and_unretried()
    {
        var client = Harness.CreateClient();
        Harness.StandIn.FailNextWithHttpStatus(1, HttpStatusCode.OK);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, "متن"));

        Assert.Equal(KavenegarFailureKind.Transient, failure.Kind);
        Assert.True(failure.OutcomeUnknown);
        Assert.Equal(200, failure.HttpStatus);
        Assert.Single(Harness.StandIn.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, KavenegarFailureKind.Configuration)]
    [InlineData(HttpStatusCode.Forbidden, KavenegarFailureKind.Configuration)]
    [InlineData(HttpStatusCode.TooManyRequests, KavenegarFailureKind.Throttled)]
    public async Task A_bare_4xx_is_not_retried(HttpStatusCode status, KavenegarFailureKind kind)
    {
        var client = Harness.CreateClient();
        Harness.StandIn.FailNextWithHttpStatus(5, status);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.GetAccountInfoAsync());

        Assert.Equal(kind, failure.Kind);
        Assert.Equal((int)status, failure.HttpStatus);
        Assert.Null(failure.ReturnStatus);
        Assert.Single(Harness.StandIn.Calls);
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancellation_not_a_Kavenegar_failure()
    {
        var client = Harness.CreateClient();
        Harness.StandIn.DelayNext(1, HeldAnswer);
        using var cancellation = new CancellationTokenSource();

        var call = client.GetAccountInfoAsync(cancellation.Token);
        await Harness.WaitForCallsAsync(1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(Harness.StandIn.Calls);
    }
}
