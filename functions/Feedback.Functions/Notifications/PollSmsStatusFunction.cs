using Feedback.Core.Notifications;
using Feedback.Functions.Triggers;

namespace Feedback.Functions.Notifications;

/// <summary>PollSmsStatus: asks the provider about SMS still not final ten minutes after sending (a lost delivery callback).</summary>
public sealed class PollSmsStatusFunction(DeliveryReports reports) : ITimerTrigger
{
    public string FunctionName => "PollSmsStatus";

    public TimeSpan LocalInterval => TimeSpan.FromMinutes(5);

    public async Task<string> FireAsync(CancellationToken cancellationToken) =>
        $"{await reports.PollAsync(cancellationToken)} SMS changed state";
}
