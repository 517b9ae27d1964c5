using Azure;
using Azure.Messaging.ServiceBus;

namespace Feedback.Functions.Http;

/// <summary>Whether a failure means storage or the queue (Storage Queues or Service Bus) could not be reached (answer 503, try later) rather than a bug.</summary>
internal static class StorageOutage
{
    public static bool Is(Exception failure) => failure switch
    {
        RequestFailedException or HttpRequestException or TimeoutException => true,
        // The Service Bus client has retried a transient failure (busy, timeout, lost connection) already; the rest
        // (no such queue, too large, quota) would be refused again.
        ServiceBusException busFailure => busFailure.IsTransient,
        // Azure.Core reports exhausted retries as an AggregateException of the attempts' failures; an attempt that
        // outlasted the network timeout is among them as a TaskCanceledException (the caller's own cancellation
        // would have stopped the retries, never been collected).
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(attempt => attempt is OperationCanceledException || Is(attempt)),
        _ => false,
    };

    /// <summary>
    /// An outage that passes: no answer, a timeout, throttling or a 5xx, as opposed to a 4xx refusal that a later try
    /// would get again. A timeout that is not the caller's own cancellation (the caller checks) counts as one.
    /// </summary>
    public static bool IsPassing(Exception failure) =>
        failure is OperationCanceledException
        || (Is(failure) && failure is not RequestFailedException { Status: >= 400 and < 500 and not 408 and not 429 });
}
