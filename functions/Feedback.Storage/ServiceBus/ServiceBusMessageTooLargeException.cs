namespace Feedback.Storage.ServiceBus;

/// <summary>Service Bus rejected a request body as too large (413): a single message over the tier's size limit.</summary>
public sealed class ServiceBusMessageTooLargeException : ServiceBusException
{
    public ServiceBusMessageTooLargeException()
    {
    }

    public ServiceBusMessageTooLargeException(string message)
        : base(message)
    {
    }

    public ServiceBusMessageTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
