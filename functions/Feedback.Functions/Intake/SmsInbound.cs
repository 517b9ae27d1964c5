using System.Security.Cryptography;
using System.Text;
using Feedback.Core.Input;
using Feedback.Core.Intake;
using Feedback.Core.Items;

namespace Feedback.Functions.Intake;

/// <summary>
/// Kavenegar's inbound-SMS forwarding, as a GET query or a POST form: messageid, from (the citizen), to
/// (our line), message. Checked and turned into <see cref="NewFeedback"/>; the reply's leading rating
/// digit, if any, is parsed off, and the message as written is kept beside the text.
/// </summary>
public sealed record SmsInbound(string? MessageId, string? From, string? To, string? Message)
{
    /// <summary>An SMS form is a few short fields: anything larger is not Kavenegar's.</summary>
    public const int MaxFormBytes = 16 * 1024;

    /// <returns>The forward, or the problem that says why it cannot be read.</returns>
    public static async Task<(SmsInbound? Sms, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (fields, problem) = await ReadFieldsAsync(request, cancellationToken);
        return fields is null
            ? (null, problem)
            : (new SmsInbound(fields.GetValueOrDefault("messageid"), fields.GetValueOrDefault("from"), fields.GetValueOrDefault("to"), fields.GetValueOrDefault("message")), null);
    }

    /// <summary>The fields of one of Kavenegar's calls (inbound SMS, delivery report), from the query of a GET or the form of a POST, names in any case.</summary>
    public static async Task<(Dictionary<string, string>? Fields, IResult? Problem)> ReadFieldsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HttpMethods.IsPost(request.Method))
            return (Fields(request.Query), null);
        var (form, problem) = await Http.RequestBody.ReadFormAsync(request, MaxFormBytes, maxValues: 32, cancellationToken);
        return form is null ? (null, problem) : (Fields(form), null);
    }

    private static Dictionary<string, string> Fields(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values) =>
        values.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The query parameter that carries a webhook's secret.</summary>
    public const string SecretParameter = "secret";

    /// <summary>
    /// The webhook secret a call carries: in the query (<c>?secret=…</c>, the form to configure), or in the path
    /// (<c>/{secret}</c>, the older form, kept so that Kavenegar settings made with it go on working).
    /// Assumption: the Functions host's request telemetry records the URL without its query string (the WebJobs
    /// Application Insights logger strips query parameters unless host.json turns that off, azure-webjobs-sdk PR
    /// 3026), so a secret in the query stays out of it while one in the path does not.
    /// </summary>
    public static string? SecretOf(string? pathSecret, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.IsNullOrEmpty(pathSecret) ? request.Query[SecretParameter].ToString() : pathSecret;
    }

    public static IResult WrongSecret() =>
        Http.Problems.Status(StatusCodes.Status401Unauthorized, "Wrong secret", $"the secret (the {SecretParameter} query parameter) is missing or does not match this deployment's");

    /// <summary>Compares the secret in the URL with the configured one in constant time (hashing first evens out the lengths).</summary>
    public static bool SecretMatches(string? given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given ?? string.Empty)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    public (NewFeedback? Feedback, Dictionary<string, string[]> Errors) Validate(string province)
    {
        var errors = new Dictionary<string, string[]>();
        var sender = IranianMobile.Parse(From);
        if (sender.Mobile is null)
            errors["from"] = ["not an Iranian mobile number"];
        if (string.IsNullOrWhiteSpace(To))
            errors["to"] = ["required (the receiving line)"];
        var reply = SurveyReply.Parse(Message);
        var text = FeedbackText.Validate(reply.Text.Length > 0 ? reply.Text : Message, "message");
        foreach (var error in text.Errors)
            errors[error.Field] = [error.Message];
        if (MessageId is { Length: > 128 })
            errors["messageid"] = ["at most 128 characters"];
        if (errors.Count > 0)
            return (null, errors);
        var written = reply.Rating is null || reply.Text.Length == 0 ? null : Message;
        return (new NewFeedback(FeedbackChannel.Sms, text.Text!, province, County: null, reply.Rating, sender.Mobile, CounterOffice: null, ServiceCode: null, WrittenMessage: written), errors);
    }
}
