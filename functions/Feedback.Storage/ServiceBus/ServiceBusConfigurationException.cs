namespace Feedback.Storage.ServiceBus;

/// <summary>
/// The Service Bus settings are wrong: a malformed connection string, or Service Bus refused the credential
/// (401/403). Retrying does not help; an operator has to fix the configuration.
/// </summary>
public sealed class ServiceBusConfigurationException : ServiceBusException
{
    public ServiceBusConfigurationException()
    {
    }

    public ServiceBusConfigurationException(string message)
        : base(message)
    {
    }

    public ServiceBusConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
