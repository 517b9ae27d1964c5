using Feedback.Core.Intake;
using Feedback.Functions.Triggers;

namespace Feedback.Functions.Intake;

/// <summary>IntakeSweeper: items stored but never handed to processing are enqueued again.</summary>
public sealed class IntakeSweeperFunction(IntakeSweeper sweeper) : ITimerTrigger
{
    public string FunctionName => "IntakeSweeper";

    public TimeSpan LocalInterval => TimeSpan.FromMinutes(1);

    public async Task<string> FireAsync(CancellationToken cancellationToken) =>
        $"re-enqueued {await sweeper.SweepAsync(cancellationToken)} stored item(s)";
}
