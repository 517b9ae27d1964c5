using System.Runtime.ExceptionServices;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Functions.Telemetry;
using Feedback.Functions.Triggers;
using Feedback.Storage.Tables;

namespace Feedback.Functions.Notifications;

/// <summary>
/// SendNotifications: each SMS a notifications message carries is sent at most once (its key); given up, the SMS is
/// recorded as failed with the reason. The SMS of one message are sent side by side. When some of them fail and others
/// do not, the message is done and each failed SMS goes back on the queue as a message of its own, retried, postponed or
/// dead-lettered alone: one bad SMS never holds back the others, and a sibling deferred to after quiet hours (a copy of
/// its own on the queue, its row still unsettled) is never marked failed because another SMS kept failing. When every
/// SMS fails, the message as a whole is retried or postponed; on redelivery the ones settled since send nothing again.
/// </summary>
public sealed class SendNotificationsFunction(SmsDispatcher dispatcher, ISmsStore store, IMessageSender sender, TimeProvider clock, ILogger<SendNotificationsFunction> logger) : QueueTrigger<SmsRequests>(sender, clock, logger)
{
    /// <summary>SMS of one message dispatched at once.</summary>
    private const int SmsAtOnce = 4;

    public override string FunctionName => "SendNotifications";

    /// <summary>The kind and the key's first part (a tracking code, or "opt-out"): keys of confirmations hold a phone's hash, which stays out of logs.</summary>
    protected override string Describe(SmsRequests body)
    {
        var first = $"{body.Sms[0].Kind} {body.Sms[0].Key.Split('-')[0]}";
        return body.Sms.Count == 1 ? first : $"{first} and {body.Sms.Count - 1} more";
    }

    protected override bool IsWellFormed(SmsRequests body) => body.Sms.All(sms =>
        TableNames.IsValidKey(sms.Key) && TableNames.IsValidKey(sms.PhoneHash.Value) && !string.IsNullOrWhiteSpace(sms.EncryptedPhone) && !string.IsNullOrWhiteSpace(sms.Text));

    protected override async Task<string> HandleAsync(SmsRequests body, CancellationToken cancellationToken)
    {
        var outcomes = new DispatchOutcome?[body.Sms.Count];
        var failures = new Exception?[body.Sms.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, body.Sms.Count), new ParallelOptions { MaxDegreeOfParallelism = SmsAtOnce, CancellationToken = cancellationToken }, async (index, token) =>
        {
            var sms = body.Sms[index];
            try
            {
                using var activity = PipelineTelemetry.StartHandling(FunctionName, Queue);
                outcomes[index] = await dispatcher.DispatchAsync(sms, token);
                PipelineTelemetry.SmsDispatched(sms.Kind, outcomes[index]!.Value);
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !token.IsCancellationRequested)
            {
                failures[index] = failure;
            }
        });
        var failed = body.Sms.Where((_, index) => failures[index] is not null).ToList();
        if (failed.Count == body.Sms.Count)
            ExceptionDispatchInfo.Throw(failures.First(failure => failure is not null)!);
        foreach (var sms in failed)
            await Sender.SendAsync(Queue, sms.ToMessage($"{sms.Key}.alone"), cancellationToken);
        var counts = outcomes.OfType<DispatchOutcome>().CountBy(outcome => outcome).Select(count => body.Sms.Count == 1 ? count.Key.ToString() : $"{count.Key} {count.Value}");
        return string.Join(", ", failed.Count == 0 ? counts : counts.Append($"{failed.Count} failed, sent back alone"));
    }

    /// <summary>Every SMS sent, delivered or blocked: dispatching them again would do nothing. A failed one was not sent.</summary>
    protected override async Task<bool> IsDoneAsync(SmsRequests body, CancellationToken cancellationToken)
    {
        foreach (var sms in body.Sms)
        {
            if (await store.GetAsync(sms.PhoneHash, sms.Key, cancellationToken) is not { IsSettled: true, State: not SmsState.Failed })
                return false;
        }
        return true;
    }

    protected override async Task GiveUpAsync(SmsRequests body, string reason, CancellationToken cancellationToken)
    {
        foreach (var request in body.Sms)
        {
            if (await dispatcher.GiveUpAsync(request, reason, cancellationToken))
                PipelineTelemetry.SmsFailed(request.Kind);
        }
    }
}
