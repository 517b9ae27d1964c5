using Feedback.Core.Input;
using Feedback.Core.Intake;
using Feedback.Core.Notifications;
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

    public sealed record Invalid(Dictionary<string, string[]> Errors) : InboundSmsOutcome;
}

/// <summary>
/// One inbound SMS, whoever forwards it (Kavenegar, or the developer phone page): a command changes the number's
/// preferences; anything else is accepted as an item, once however often it is delivered, with no look-up of the
/// phone's surveys: processing finds what it answers (<see cref="Core.Processing.SmsReplies"/>: a case's question or
/// resolution survey, which it then goes to, or a service survey).
/// </summary>
public sealed partial class InboundSmsFlow(FeedbackIntake intake, PhonePreferences preferences, TimeProvider clock, IOptions<PipelineSettings> settings, DeferredIntakeLog deferrals, ILogger<InboundSmsFlow> logger)
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
        var receipt = await intake.AcceptSmsAsync(key, feedback, cancellationToken);
        if (receipt.Conflict)
            LogMessageIdConflict(logger, receipt.Code.Value);
        return new InboundSmsOutcome.Accepted(deferrals.Noted(receipt));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An inbound SMS reused an earlier SMS's provider message id with another sender or text: kept as {TrackingCode}, not taken for a redelivery")]
    private static partial void LogMessageIdConflict(ILogger logger, string trackingCode);
}
