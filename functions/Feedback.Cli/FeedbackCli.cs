using System.CommandLine;
using Feedback.Classification.Model;
using Feedback.Classification.Training;
using Feedback.Cli.Commands;

namespace Feedback.Cli;

/// <summary>The `feedback` command line: one root command, one class per sub-command under Commands/.</summary>
public static class FeedbackCli
{
    public static int Run(string[] args, CliConsole console)
    {
        var root = new RootCommand("Citizen feedback pipeline: classifier training, evaluation and tools")
        {
            TrainCommand.Create(console),
            EvaluateCommand.Create(console),
            ClassifyCommand.Create(console),
            BenchCommand.Create(console),
        };
        var parse = root.Parse(args);
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception) when (exception is CliException or LabelledTsvException or ModelFormatException)
        {
            console.Error.WriteLine($"error: {exception.Message}");
            return exception is CliException cli ? cli.ExitCode : ExitCodes.BadInput;
        }
    }
}
