namespace Feedback.Storage.ServiceBus;

/// <summary>
/// Service Bus did not take the message(s). Subtypes say why where the caller can act on it; this base type
/// covers any other answer (e.g. 400 Bad Request). Messages never contain a key or token.
/// </summary>
public class ServiceBusException : Exception
{
    public ServiceBusException()
    {
    }

    public ServiceBusException(string message)
        : base(message)
    {
    }

    public ServiceBusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status Service Bus answered with; 0 when no answer arrived.</summary>
    public int Status { get; init; }

    /// <summary>The queue or topic the request addressed, when there was one.</summary>
    public string? EntityPath { get; init; }
}
