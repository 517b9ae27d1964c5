namespace Feedback.Cli;

/// <summary>The streams a command reads and writes: the real console, or strings in tests.</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error);

/// <summary>A failure the user can act on: printed as one line on stderr, with its exit code.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran, and what it checked did not hold (e.g. a load test lost messages).</summary>
    public const int Failure = 1;

    public const int BadInput = 2;
}
