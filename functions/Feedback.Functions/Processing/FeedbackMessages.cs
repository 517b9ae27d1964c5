using Feedback.Core.Messaging;
using Feedback.Core.Processing;
using Feedback.Functions.Triggers;

namespace Feedback.Functions.Processing;

/// <summary>ProcessFeedback: each feedback-intake message is classified and routed; given up, the item is marked failed with the reason.</summary>
public sealed class FeedbackMessages(ProcessFeedbackHandler handler, ILogger<FeedbackMessages> logger) : QueueTrigger<FeedbackReceived>(logger)
{
    public override string FunctionName => "ProcessFeedback";

    public override string Queue => Queues.FeedbackIntake;

    protected override string Describe(FeedbackReceived body) => body.TrackingCode;

    protected override bool IsWellFormed(FeedbackReceived body) => !string.IsNullOrWhiteSpace(body.TrackingCode);

    protected override async Task<string> HandleAsync(FeedbackReceived body, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(body.TrackingCode, cancellationToken)).ToString();

    protected override Task GiveUpAsync(FeedbackReceived body, string reason, CancellationToken cancellationToken) =>
        handler.MarkFailedAsync(body.TrackingCode, reason, cancellationToken);
}
