using System.Net;
using System.Text.Json;
using Feedback.Kavenegar.Tests.Support;

namespace Feedback.Kavenegar.Tests;

/// <summary>The stand-in answers like Kavenegar; the app's integration tests and fault drills rely on it.</summary>
public sealed class StandInTests : KavenegarTest
{
    [Theory]
    [InlineData("0912123456")]
    [InlineData("02112345678")]
    [InlineData("phone")]
    public async Task An_invalid_receptor_is_411_and_nothing_is_accepted(string receptor)
    {
        var client = Harness.CreateClient();

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(receptor, "متن"));

        Assert.Equal(411, failure.ReturnStatus);
        Assert.Equal(KavenegarFailureKind.Permanent, failure.Kind);
        Assert.Empty(Harness.StandIn.Messages);
    }

    [Theory]
    [InlineData("09121234567")]
    [InlineData("9121234567")]
    [InlineData("989121234567")]
    [InlineData("+989121234567")]
    [InlineData("00989121234567")]
    public async Task Every_form_of_an_Iranian_mobile_is_accepted(string receptor)
    {
        var client = Harness.CreateClient();

        var sent = await client.SendAsync(receptor, "متن");

        Assert.Equal(receptor, sent.Receptor);
    }

    [Fact]
    public async Task An_invalid_sender_line_is_412()
    {
        var client = Harness.CreateClient(options => options.Sender = "my-line");

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, "متن"));

        Assert.Equal(412, failure.ReturnStatus);
        Assert.Equal(KavenegarFailureKind.Configuration, failure.Kind);
    }

    [Fact]
    public async Task A_text_over_900_characters_is_413()
    {
        var client = Harness.CreateClient();

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, new string('x', 901)));

        Assert.Equal(413, failure.ReturnStatus);
        Assert.Empty(Harness.StandIn.Messages);
    }

    [Theory]
    [InlineData('پ', 70, 1)]
    [InlineData('پ', 71, 2)]
    [InlineData('پ', 134, 2)]
    [InlineData('پ', 135, 3)]
    [InlineData('a', 160, 1)]
    [InlineData('a', 161, 2)]
    public async Task Texts_are_charged_by_the_part(char letter, int length, int parts)
    {
        var client = Harness.CreateClient();

        var sent = await client.SendAsync(KavenegarHarness.Receptor, new string(letter, length));

        Assert.Equal(parts, Assert.Single(Harness.StandIn.Messages).Parts);
        Assert.Equal(parts * Harness.StandIn.CostPerPart, sent.Cost);
    }

    [Fact]
    public async Task A_repeated_local_id_within_one_sendarray_is_sent_once()
    {
        var client = Harness.CreateClient();

        await client.SendArrayAsync([new(KavenegarHarness.Receptor, "یک", LocalId: 8)]);
        var again = await client.SendArrayAsync([new(KavenegarHarness.Receptor, "یک", LocalId: 8), new("09351234567", "دو", LocalId: 9)]);

        Assert.Equal(2, Harness.StandIn.Messages.Count);
        Assert.Equal(Harness.StandIn.Messages.Select(message => message.MessageId), again.Select(message => message.MessageId));
    }

    [Fact]
    public void Setting_the_status_of_a_message_it_never_accepted_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Harness.StandIn.SetDeliveryStatus(123, 10));
    }

    [Fact]
    public void A_success_cannot_be_injected_as_a_failure()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Harness.StandIn.FailNext(1, KavenegarReturnCodes.Success));
    }

    [Fact]
    public async Task Injected_failures_are_used_up_in_order_and_then_calls_succeed()
    {
        var client = Harness.CreateClient(options => options.MaxRetryAttempts = 0);
        Harness.StandIn.FailNext(1, 418);
        Harness.StandIn.FailNext(1, 411);

        var first = await Assert.ThrowsAsync<KavenegarException>(() => client.GetAccountInfoAsync());
        var second = await Assert.ThrowsAsync<KavenegarException>(() => client.GetAccountInfoAsync());
        await client.GetAccountInfoAsync();

        Assert.Equal(418, first.ReturnStatus);
        Assert.Equal(411, second.ReturnStatus);
        Assert.Equal([418, 411, 200], Harness.StandIn.Calls.Select(call => call.ReturnStatus ?? 0));
    }

    [Fact]
    public async Task It_answers_GET_as_Kavenegar_does_and_an_unknown_method_with_404()
    {
        using var http = new HttpClient { BaseAddress = Harness.StandIn.BaseAddress };

        using var info = await http.GetAsync(new Uri($"v1/{KavenegarHarness.ApiKey}/account/info.json", UriKind.Relative));
        using var unknown = await http.PostAsync(new Uri($"v1/{KavenegarHarness.ApiKey}/sms/nosuch.json", UriKind.Relative), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal(Harness.StandIn.RemainingCredit, ReturnAndEntries(await info.Content.ReadAsStringAsync()).Entries.GetProperty("remaincredit").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(404, ReturnAndEntries(await unknown.Content.ReadAsStringAsync()).Status);
    }

    private static (int Status, JsonElement Entries) ReturnAndEntries(string body)
    {
        using var document = JsonDocument.Parse(body);
        return (document.RootElement.GetProperty("return").GetProperty("status").GetInt32(), document.RootElement.GetProperty("entries").Clone());
    }
}
