using Feedback.Core.Agencies;
using Feedback.Functions.Triggers;

namespace Feedback.Functions.Agencies;

/// <summary>
/// SlaEscalation: flags items past their agency's acknowledgement or resolution deadline and escalates them to
/// the governorate (the SlaBreaches table), and queues status SMS an action left unqueued. Every 15 minutes in
/// Azure (host/SlaEscalation/function.json), every 5 locally.
/// </summary>
public sealed partial class SlaEscalationFunction(SlaEscalation escalation, ILogger<SlaEscalationFunction> logger) : ITimerTrigger
{
    public string FunctionName => "SlaEscalation";

    public TimeSpan LocalInterval => TimeSpan.FromMinutes(5);

    public async Task<string> FireAsync(CancellationToken cancellationToken)
    {
        var summary = await escalation.RunAsync(cancellationToken);
        if (summary.Flagged > 0)
            LogEscalated(logger, summary.Flagged);
        return $"examined {summary.Examined} item(s), flagged {summary.Flagged} SLA breach(es), queued {summary.NoticesQueued} status SMS";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} SLA breach(es) flagged and escalated to the governorate")]
    private static partial void LogEscalated(ILogger logger, int count);
}
