namespace Feedback.Functions.CustomHandler;

/// <summary>An invocation payload lacks a value the trigger always sends, or has it in an unreadable form; the message names it.</summary>
public sealed class HostInvocationFormatException : Exception
{
    public HostInvocationFormatException()
    {
    }

    public HostInvocationFormatException(string message)
        : base(message)
    {
    }

    public HostInvocationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
