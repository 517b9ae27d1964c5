namespace Feedback.Cli.Tests;

/// <summary>One in-process run of the command line: its exit code and what it wrote to stdout and stderr.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args) => WithInput("", args);

    public static CliRun WithInput(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = FeedbackCli.Run(args, new CliConsole(new StringReader(stdin), output, error));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The non-empty lines of stdout.</summary>
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
