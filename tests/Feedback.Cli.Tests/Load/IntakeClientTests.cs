using System.Net;
using System.Text;
using Feedback.Cli.Load;

namespace Feedback.Cli.Tests.Load;

/// <summary>How the load client reads the intakes' answers: only a tracking code is an acceptance, and a refusal says why.</summary>
public class IntakeClientTests
{
    [Fact]
    public async Task A_counter_item_refused_in_a_200_batch_is_not_accepted_and_says_why()
    {
        var client = Client(HttpStatusCode.OK, """{"results":[{"index":0,"accepted":false,"errors":{"item":["not stored: storage is unavailable; send this item again"]}}]}""");

        var answer = await client.PostCounterAsync(0, "متن", CancellationToken.None);

        Assert.Null(answer.TrackingCode);
        Assert.StartsWith("200 (item refused: ", answer.Outcome, StringComparison.Ordinal);
        Assert.Contains("storage is unavailable", answer.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_reported_without_a_survey_is_not_accepted_and_says_why()
    {
        var client = Client(HttpStatusCode.OK, """{"surveyed":false,"reason":"surveyed-recently"}""");

        var answer = await client.ReportServiceCompletedAsync(0, "zanjan-water-wastewater", CancellationToken.None);

        Assert.Equal("200 (no survey: surveyed-recently)", answer.Outcome);
    }

    [Fact]
    public async Task An_sms_taken_as_a_command_is_not_accepted_feedback()
    {
        var client = Client(HttpStatusCode.OK, """{"command":"opt-out","changed":true}""");

        var answer = await client.ForwardSmsAsync(0, "لغو", CancellationToken.None);

        Assert.Null(answer.TrackingCode);
        Assert.StartsWith("200 (not feedback: ", answer.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_status_and_no_answer_are_counted_as_such()
    {
        var refused = await Client(HttpStatusCode.ServiceUnavailable, """{"title":"unavailable"}""").PostWebAsync(0, "متن", CancellationToken.None);
        var unanswered = await new IntakeClient(new HttpClient(new Answering(_ => throw new HttpRequestException("refused"))) { BaseAddress = new Uri("http://app.test/") }, "secret", "run", 1)
            .PostWebAsync(0, "متن", CancellationToken.None);

        Assert.Equal(("503", null), (refused.Outcome, refused.TrackingCode));
        Assert.Equal(("no answer", null), (unanswered.Outcome, unanswered.TrackingCode));
    }

    [Fact]
    public async Task A_tracking_code_is_an_acceptance()
    {
        var answer = await Client(HttpStatusCode.Accepted, """{"trackingCode":"1234567890","statusUrl":"/api/feedback/1234567890"}""").PostWebAsync(0, "متن", CancellationToken.None);

        Assert.Equal("1234567890", answer.TrackingCode);
        Assert.Null(answer.Refusal);
    }

    private static IntakeClient Client(HttpStatusCode status, string json) =>
        new(new HttpClient(new Answering(_ => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") })) { BaseAddress = new Uri("http://app.test/") }, "secret", "run", 1, "counter-key");

    private sealed class Answering(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
    }
}
