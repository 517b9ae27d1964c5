using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Functions.Telemetry;
using Feedback.Functions.Triggers;
using Feedback.Storage.Tables;

namespace Feedback.Functions.Notifications;

/// <summary>SendNotifications: each notifications message becomes at most one SMS; given up, the SMS is recorded as failed with the reason.</summary>
public sealed class SendNotificationsFunction(SmsDispatcher dispatcher, ISmsStore store, IMessageSender sender, TimeProvider clock, ILogger<SendNotificationsFunction> logger) : QueueTrigger<SmsRequested>(sender, clock, logger)
{
    public override string FunctionName => "SendNotifications";

    /// <summary>The kind and the key's first part (a tracking code, or "opt-out"): keys of confirmations hold a phone's hash, which stays out of logs.</summary>
    protected override string Describe(SmsRequested body) => $"{body.Kind} {body.Key.Split('-')[0]}";

    protected override bool IsWellFormed(SmsRequested body) =>
        TableNames.IsValidKey(body.Key) && TableNames.IsValidKey(body.PhoneHash.Value) && !string.IsNullOrWhiteSpace(body.EncryptedPhone) && !string.IsNullOrWhiteSpace(body.Text);

    protected override async Task<string> HandleAsync(SmsRequested body, CancellationToken cancellationToken)
    {
        using var activity = PipelineTelemetry.StartHandling(FunctionName, Queue);
        var outcome = await dispatcher.DispatchAsync(body, cancellationToken);
        PipelineTelemetry.SmsDispatched(body.Kind, outcome);
        return outcome.ToString();
    }

    /// <summary>Sent, delivered or blocked: dispatching it again would do nothing. A failed one was not sent.</summary>
    protected override async Task<bool> IsDoneAsync(SmsRequested body, CancellationToken cancellationToken) =>
        await store.GetAsync(body.PhoneHash, body.Key, cancellationToken) is { IsSettled: true, State: not SmsState.Failed };

    protected override async Task GiveUpAsync(SmsRequested body, string reason, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(body.PhoneHash, body.Key, cancellationToken) is not { IsSettled: false } sms)
            return;
        await store.SaveAsync(sms.Moved(SmsState.Failed, Clock.GetUtcNow(), "not sent after every retry") with { FailureReason = reason }, cancellationToken);
        PipelineTelemetry.SmsFailed(body.Kind);
    }
}
