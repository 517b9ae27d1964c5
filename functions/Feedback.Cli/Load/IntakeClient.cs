using System.Net.Http.Json;
using System.Text.Json;

namespace Feedback.Cli.Load;

/// <summary>
/// What an intake answered: its HTTP status (0 when no answer came) and the tracking code it gave, if it accepted;
/// or, when a success status did not accept (a counter batch's item refused, a survey not sent), why.
/// </summary>
public sealed record IntakeAnswer(int Status, string? TrackingCode, string? Refusal = null)
{
    public static IntakeAnswer None { get; } = new(0, null);

    /// <summary>How a refused answer is counted in a report: "no answer", "503", or "200 (the reason)".</summary>
    public string Outcome => Status == 0 ? "no answer" : Refusal is null ? Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Status} ({Refusal})";
}

/// <summary>
/// The app's intakes as load sees them: the web form, Kavenegar's inbound-SMS forward, a counter office's batch and a
/// completed service (which opens a survey). Each call answers with the HTTP status and the tracking code it got; a
/// call that got no answer is <see cref="IntakeAnswer.None"/>, never an acceptance.
/// </summary>
public sealed class IntakeClient(HttpClient http, string smsSecret, string runId, int phoneBlock, string? counterKey = null)
{
    public const string CounterKeyHeader = "X-Api-Key";

    /// <summary>
    /// Each web request names its own citizen in X-Forwarded-For, as traffic behind Azure's front end does. The app
    /// trusts that header only with Feedback:ForwardedHops of 1 or more (Azure's default); a local run (0) counts every
    /// request as one client, so a load against it needs Feedback__WebRequestsPerMinute raised (the report does).
    /// </summary>
    public Task<IntakeAnswer> PostWebAsync(int index, string text, CancellationToken cancellationToken) =>
        AnswerAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = JsonContent.Create(new { text, province = "zanjan" }) };
            request.Headers.Add("X-Forwarded-For", $"10.{(index >> 16) & 255}.{(index >> 8) & 255}.{index & 255}");
            return request;
        }, body => (body.GetProperty("trackingCode").GetString(), null), cancellationToken);

    /// <summary>An inbound SMS with a message id unique to this run and index: sending it again is a provider redelivery.</summary>
    public Task<IntakeAnswer> ForwardSmsAsync(int index, string text, CancellationToken cancellationToken) =>
        AnswerAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/api/sms/inbound/{Uri.EscapeDataString(smsSecret)}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["messageid"] = $"{runId}-{index}",
                ["from"] = Phone(index),
                ["to"] = "10004346",
                ["message"] = text,
            }),
        }, body => body.TryGetProperty("trackingCode", out var code) ? (code.GetString(), null) : (null, $"not feedback: {body}"), cancellationToken);

    /// <summary>A counter office's batch of one item, with the citizen's phone (so it gets an acknowledgement).</summary>
    public Task<IntakeAnswer> PostCounterAsync(int index, string text, CancellationToken cancellationToken) =>
        AnswerAsync(() => Keyed(new HttpRequestMessage(HttpMethod.Post, "/api/counter/feedback")
        {
            Content = JsonContent.Create(new { items = new[] { new { text, phone = Phone(index), county = "zanjan" } } }),
        }), body => body.GetProperty("results")[0] is var first && first.GetProperty("accepted").GetBoolean()
            ? (first.GetProperty("trackingCode").GetString(), null)
            : (null, $"item refused: {first.GetProperty("errors")}"), cancellationToken);

    /// <summary>Reports a completed service for the phone of <paramref name="index"/>: a survey opens, and that phone's next SMS answers it.</summary>
    public Task<IntakeAnswer> ReportServiceCompletedAsync(int index, string agencyKey, CancellationToken cancellationToken) =>
        AnswerAsync(() => Keyed(new HttpRequestMessage(HttpMethod.Post, "/api/services/completed")
        {
            Content = JsonContent.Create(new { phone = Phone(index), serviceCode = "report-service", serviceName = "صدور گواهی", agency = agencyKey }),
        }), body => body.TryGetProperty("surveyed", out var surveyed) && surveyed.GetBoolean()
            ? ("surveyed", null)
            : (null, $"no survey: {(body.TryGetProperty("reason", out var reason) ? reason.GetString() : body.ToString())}"), cancellationToken);

    /// <summary>A distinct Iranian mobile number per index within a block (0–9), so daily caps and surveys never mix two runs' messages.</summary>
    public string Phone(int index) => $"091{phoneBlock % 10}{index % 10_000_000:D7}";

    private HttpRequestMessage Keyed(HttpRequestMessage request)
    {
        request.Headers.Add(CounterKeyHeader, counterKey ?? throw new InvalidOperationException("this intake needs a counter office's API key"));
        return request;
    }

    private async Task<IntakeAnswer> AnswerAsync(Func<HttpRequestMessage> build, Func<JsonElement, (string? Code, string? Refusal)> accepted, CancellationToken cancellationToken)
    {
        using var request = build();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return new IntakeAnswer((int)response.StatusCode, null);
            var (code, refusal) = accepted(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken));
            return new IntakeAnswer((int)response.StatusCode, code, refusal);
        }
        catch (Exception failed) when (failed is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // No answer is not an acceptance: the message counts as sent and not accepted.
            return IntakeAnswer.None;
        }
    }
}
