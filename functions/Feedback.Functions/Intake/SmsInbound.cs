using System.Security.Cryptography;
using System.Text;
using Feedback.Core.Intake;
using Feedback.Core.Items;

namespace Feedback.Functions.Intake;

/// <summary>
/// Kavenegar's inbound-SMS forwarding, as a GET query or a POST form: messageid, from (the citizen), to
/// (our line), message. Checked and turned into <see cref="NewFeedback"/>; the reply's leading rating
/// digit, if any, is parsed off.
/// </summary>
public sealed record SmsInbound(string? MessageId, string? From, string? To, string? Message)
{
    public static async Task<SmsInbound> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return new SmsInbound(form["messageid"], form["from"], form["to"], form["message"]);
        }
        var query = request.Query;
        return new SmsInbound(query["messageid"], query["from"], query["to"], query["message"]);
    }

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
        return (new NewFeedback(FeedbackChannel.Sms, text.Text!, province, County: null, reply.Rating, sender.Mobile, CounterOffice: null, ServiceCode: null), errors);
    }
}
