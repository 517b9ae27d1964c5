namespace Feedback.Storage.ServiceBus;

/// <summary>
/// Service Bus stayed busy or unreachable (408/429/500/503, timeouts, network errors) through every retry.
/// The message may be sent again later; its MessageId keeps a resend from making a duplicate.
/// </summary>
public sealed class ServiceBusTransientException : ServiceBusException
{
    public ServiceBusTransientException()
    {
    }

    public ServiceBusTransientException(string message)
        : base(message)
    {
    }

    public ServiceBusTransientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
