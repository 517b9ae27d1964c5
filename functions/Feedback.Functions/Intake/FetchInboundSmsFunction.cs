using System.Globalization;
using Feedback.Functions.Configuration;
using Feedback.Functions.Operations;
using Feedback.Functions.Triggers;
using Feedback.Kavenegar;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Intake;

/// <summary>
/// FetchInboundSms: Kavenegar does not forward an inbound SMS twice. One whose forward failed (the app down, storage
/// out, a 4xx, a rotated secret) stays unread at Kavenegar (its reference), so this timer reads the unread messages of
/// every receiving line with sms/receive and feeds each through the same intake as the forward. Intake de-duplicates
/// by Kavenegar's message id, so a message whose forward did arrive is not stored twice.
/// </summary>
/// <remarks>
/// Kavenegar marks what sms/receive returns as read: a message fetched and then not stored would be lost. So the timer
/// fetches only while storage and the queue answer (the readiness check), and stops at the first message intake
/// cannot store, logging the ids of that batch's messages it did not store (no phone, no text) for an operator to
/// recover from Kavenegar's panel.
/// </remarks>
internal sealed partial class FetchInboundSmsFunction(KavenegarClient kavenegar, InboundSmsFlow flow, Readiness readiness, IOptions<PipelineSettings> settings, ILogger<FetchInboundSmsFunction> logger) : ITimerTrigger
{
    /// <summary>At most this many sms/receive calls per line each time it fires, so one run ends even if messages keep coming.</summary>
    public const int MaxCallsPerLine = 20;

    public string FunctionName => "FetchInboundSms";

    public TimeSpan LocalInterval => TimeSpan.FromSeconds(30);

    public async Task<string> FireAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Value.Kavenegar.ApiKey))
            return "no Kavenegar account: nothing to fetch";
        var lines = settings.Value.Kavenegar.Lines();
        if (lines.Count == 0)
            return "no receiving line configured (Feedback:Kavenegar:ReceiveLines or Sender)";
        if (!(await readiness.CheckAsync(cancellationToken)).IsReady)
            return "storage or the queue is unavailable: unread SMS stay at Kavenegar for the next run";

        var (accepted, refused) = (0, 0);
        foreach (var line in lines)
        {
            for (var call = 0; call < MaxCallsPerLine; call++)
            {
                var unread = await kavenegar.ReceiveUnreadAsync(line, cancellationToken);
                if (unread.Count == 0)
                    break;
                for (var index = 0; index < unread.Count; index++)
                {
                    var message = unread[index];
                    var sms = new SmsInbound(message.MessageId.ToString(CultureInfo.InvariantCulture), message.Sender, message.Receptor, message.Text);
                    try
                    {
                        if (await flow.HandleAsync(sms, cancellationToken) is InboundSmsOutcome.Invalid)
                            refused++;
                        else
                            accepted++;
                    }
                    catch (Exception unavailable) when (Http.StorageOutage.Is(unavailable))
                    {
                        LogNotStored(logger, line, string.Join(',', unread.Skip(index).Select(left => left.MessageId)));
                        throw;
                    }
                }
            }
        }
        return $"{accepted} unread SMS taken in, {refused} refused";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Fetched from Kavenegar line {Line} but could not store messages {MessageIds}: Kavenegar has marked them read; recover them from its panel")]
    private static partial void LogNotStored(ILogger logger, string line, string messageIds);
}
