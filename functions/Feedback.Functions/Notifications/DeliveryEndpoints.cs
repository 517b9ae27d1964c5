using System.Globalization;
using Feedback.Core.Notifications;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Functions.Intake;
using Feedback.Functions.Operations;
using Feedback.Kavenegar;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Notifications;

/// <summary>Kavenegar's delivery callback: GET query or POST form with messageid and status, at /api/sms/delivery?secret=… (or the older /api/sms/delivery/{secret}).</summary>
internal static class DeliveryEndpoints
{
    public static void MapDeliveryReports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods("/api/sms/delivery/{secret?}", [HttpMethods.Get, HttpMethods.Post], ReceiveAsync).WithMetadata(new HostFunction("SmsDelivery"))
            .AnswersOutageWith("the delivery report was not recorded; send it again", TimeSpan.FromSeconds(30))
            .WithTags(ApiTags.Sms)
            .WithSummary("Kavenegar's delivery report (query or form: messageid, status); status 14 opts the number out of surveys")
            .Produces<DeliveryAnswer>(StatusCodes.Status200OK)
            .AnswersProblem(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> ReceiveAsync(string? secret, HttpRequest request, DeliveryReports reports, IOptions<PipelineSettings> settings, CancellationToken cancellationToken)
    {
        if (settings.Value.SmsDeliverySecret is not { Length: > 0 } expected)
            return Problems.Status(StatusCodes.Status404NotFound, "Delivery reports are not configured", "this deployment sends no SMS through Kavenegar");
        if (!SmsInbound.SecretMatches(SmsInbound.SecretOf(secret, request), expected))
            return SmsInbound.WrongSecret();
        var (fields, unreadable) = await SmsInbound.ReadFieldsAsync(request, cancellationToken);
        if (fields is null)
            return unreadable!;
        var errors = new Dictionary<string, string[]>();
        var messageId = fields.GetValueOrDefault("messageid");
        if (messageId is not { Length: > 0 and <= 32 } || !messageId.All(char.IsAsciiDigit))
            errors["messageid"] = ["required: Kavenegar's numeric message id"];
        if (!int.TryParse(fields.GetValueOrDefault("status"), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            errors["status"] = ["required: Kavenegar's numeric delivery status"];
        if (errors.Count > 0)
            return Problems.Validation(errors);
        if (KavenegarSmsGateway.ToState(KavenegarDeliveryStatuses.ToState(status)) is not { } state)
            return Results.Ok(new DeliveryAnswer(false, "a status that says nothing of delivery"));
        return Results.Ok(new DeliveryAnswer(await reports.ApplyAsync(messageId!, state, cancellationToken)));
    }
}

/// <summary>Whether a delivery report changed an SMS's state; the reason when it could not.</summary>
internal sealed record DeliveryAnswer(bool Applied, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Reason = null);
