namespace Feedback.Storage.ServiceBus;

/// <summary>The queue or topic named in <see cref="ServiceBusException.EntityPath"/> does not exist in the namespace (404/410).</summary>
public sealed class ServiceBusEntityNotFoundException : ServiceBusException
{
    public ServiceBusEntityNotFoundException()
    {
    }

    public ServiceBusEntityNotFoundException(string message)
        : base(message)
    {
    }

    public ServiceBusEntityNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
