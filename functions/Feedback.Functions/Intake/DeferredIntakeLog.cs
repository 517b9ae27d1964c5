using Feedback.Core.Intake;

namespace Feedback.Functions.Intake;

/// <summary>Logs an accepted item that was stored but not enqueued, so operations can see the sweeper's share of intake.</summary>
public sealed partial class DeferredIntakeLog(ILogger<DeferredIntakeLog> logger)
{
    public IntakeReceipt Noted(IntakeReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (!receipt.Enqueued)
            LogDeferred(logger, receipt.Code.Value);
        return receipt;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored {TrackingCode} but could not enqueue it; the sweeper will")]
    private static partial void LogDeferred(ILogger logger, string trackingCode);
}
