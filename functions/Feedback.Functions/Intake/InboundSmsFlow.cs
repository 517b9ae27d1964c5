using Feedback.Core.Input;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Surveys;
using Feedback.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Intake;

/// <summary>What became of one inbound SMS.</summary>
public abstract record InboundSmsOutcome
{
    /// <summary>An opt-out or opt-in command; <see cref="Changed"/> is false when the number was already so.</summary>
    public sealed record Command(SmsCommand Kind, bool Changed) : InboundSmsOutcome;

    public sealed record Accepted(IntakeReceipt Receipt) : InboundSmsOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : InboundSmsOutcome;
}

/// <summary>
/// One inbound SMS, whoever forwards it (Kavenegar, or the developer phone page): a command changes the number's
/// preferences; anything else is feedback, attached to the survey it answers when one is open, accepted once
/// however often it is delivered.
/// </summary>
public sealed partial class InboundSmsFlow(FeedbackIntake intake, PhonePreferences preferences, SurveyScheduler surveys, TimeProvider clock, IOptions<PipelineSettings> settings, DeferredIntakeLog deferrals, ILogger<InboundSmsFlow> logger)
{
    public async Task<InboundSmsOutcome> HandleAsync(SmsInbound sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        if (OptOutCommand.Parse(sms.Message) is not SmsCommand.None and var command && IranianMobile.Parse(sms.From).Mobile is { } phone)
            return new InboundSmsOutcome.Command(command, await preferences.ApplyAsync(phone, command, cancellationToken));
        var (feedback, errors) = sms.Validate(settings.Value.Province);
        if (feedback is null)
            return new InboundSmsOutcome.Invalid(errors);
        var key = SmsDeduplication.Key(sms.MessageId, feedback.Phone!.E164, sms.To!, sms.Message!, clock.GetUtcNow());
        if (await surveys.FindOpenAsync(feedback.Phone, cancellationToken) is { } survey)
            feedback = feedback with { ServiceCode = survey.ServiceCode, CounterOffice = survey.CounterOffice, NamedAgency = survey.AgencyKey, SurveyId = survey.Id };
        var receipt = await intake.AcceptSmsAsync(key, feedback, cancellationToken);
        if (receipt.Conflict)
            LogMessageIdConflict(logger, receipt.Code.Value);
        return new InboundSmsOutcome.Accepted(deferrals.Noted(receipt));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An inbound SMS reused an earlier SMS's provider message id with another sender or text: kept as {TrackingCode}, not taken for a redelivery")]
    private static partial void LogMessageIdConflict(ILogger logger, string trackingCode);
}
