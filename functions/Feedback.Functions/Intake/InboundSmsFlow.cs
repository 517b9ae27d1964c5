using Feedback.Core.Agencies;
using Feedback.Core.Input;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Surveys;
using Feedback.Functions.Configuration;
using Feedback.Storage.Connection;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Intake;

/// <summary>What became of one inbound SMS.</summary>
public abstract record InboundSmsOutcome
{
    /// <summary>An opt-out or opt-in command; <see cref="Changed"/> is false when the number was already so.</summary>
    public sealed record Command(SmsCommand Kind, bool Changed) : InboundSmsOutcome;

    public sealed record Accepted(IntakeReceipt Receipt) : InboundSmsOutcome;

    /// <summary>The SMS answered a case's question or resolution survey and went to that case; no item of its own.</summary>
    public sealed record Attached(TrackingCode TrackingCode) : InboundSmsOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : InboundSmsOutcome;
}

/// <summary>
/// One inbound SMS, whoever forwards it (Kavenegar, or the developer phone page): a command changes the number's
/// preferences; the answer to a question staff asked about a case, or to a case's resolution survey, goes to that
/// case; anything else is feedback, attached to the survey it answers when one is open, accepted once however often
/// it is delivered.
/// </summary>
public sealed partial class InboundSmsFlow(FeedbackIntake intake, PhonePreferences preferences, SurveyScheduler surveys, AgencyActions cases, TimeProvider clock, IOptions<PipelineSettings> settings, DeferredIntakeLog deferrals, ILogger<InboundSmsFlow> logger)
{
    public async Task<InboundSmsOutcome> HandleAsync(SmsInbound sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        using var step = StorageCaller.ForStep("intake sms");
        if (OptOutCommand.Parse(sms.Message) is not SmsCommand.None and var command && IranianMobile.Parse(sms.From).Mobile is { } phone)
            return new InboundSmsOutcome.Command(command, await preferences.ApplyAsync(phone, command, cancellationToken));
        var (feedback, errors) = sms.Validate(settings.Value.Province);
        if (feedback is null)
            return new InboundSmsOutcome.Invalid(errors);
        var key = SmsDeduplication.Key(sms.MessageId, feedback.Phone!.E164, sms.To!, sms.Message!, clock.GetUtcNow());
        // A redelivery of an SMS this process took as feedback lately: what its first delivery found stands, survey or not.
        if (intake.AcceptedHere(key, feedback) is { } again)
            return new InboundSmsOutcome.Accepted(deferrals.Noted(again));
        if (await surveys.FindOpenAsync(feedback.Phone, cancellationToken) is { } survey)
        {
            if (survey.CaseCode is { } caseCode && await AnswersCaseAsync(survey.Purpose, caseCode, sms.Message!, feedback.Text, cancellationToken))
                return new InboundSmsOutcome.Attached(caseCode);
            feedback = feedback with { ServiceCode = survey.ServiceCode.Length > 0 ? survey.ServiceCode : null, ServiceName = survey.ServiceName, CounterOffice = survey.CounterOffice, NamedAgency = survey.AgencyKey, SurveyId = survey.Id };
        }
        var receipt = await intake.AcceptSmsAsync(key, feedback, cancellationToken);
        if (receipt.Conflict)
            LogMessageIdConflict(logger, receipt.Code.Value);
        return new InboundSmsOutcome.Accepted(deferrals.Noted(receipt));
    }

    /// <summary>
    /// Whether the SMS answers the case: any text answers an awaited question; a rating or «حل نشد» answers a
    /// resolution survey (other words are feedback of their own, routed to the case's agency as a survey reply is).
    /// A provider's redelivery finds its answer on the case already and is taken as attached again.
    /// </summary>
    private async Task<bool> AnswersCaseAsync(SurveyPurpose purpose, TrackingCode caseCode, string message, string text, CancellationToken cancellationToken)
    {
        AgencyActionResult result;
        if (purpose == SurveyPurpose.Question)
        {
            // The whole message is the answer: a leading digit is part of an address or a meter number here, not a rating.
            var whole = FeedbackText.Validate(message, "message");
            if (!whole.IsValid)
                return false;
            result = await cases.AttachAnswerAsync(caseCode, PersonalData.MaskIn(whole.Text!), cancellationToken);
        }
        else
        {
            var reply = ResolutionReply.Parse(message);
            if (!reply.IsAnswer)
                return false;
            result = await cases.AnswerResolutionAsync(caseCode, reply, reply.Text.Length == 0 ? null : PersonalData.MaskIn(text), cancellationToken);
        }
        return result is AgencyActionResult.Done;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An inbound SMS reused an earlier SMS's provider message id with another sender or text: kept as {TrackingCode}, not taken for a redelivery")]
    private static partial void LogMessageIdConflict(ILogger logger, string trackingCode);
}
