using System.CommandLine;
using System.CommandLine.Parsing;
using Feedback.Classification.Labelled;
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
            PlacesCommand.Create(console),
            ClassifyCommand.Create(console),
            BenchCommand.Create(console),
            KeysCommand.Create(console),
            MembersCommand.Create(console),
            ExportLabelsCommand.Create(console),
            DeadletterCommand.Create(console),
            RoutingCommand.Create(console),
            LoadtestCommand.Create(console),
            ReportCommand.Create(console),
            PublishCommand.Create(console),
        };
        var parse = root.Parse(args);
        var wantsHelp = args.Any(arg => arg is "-h" or "--help" or "-?");
        if (parse.Errors.Count > 0 && !wantsHelp)
        {
            // Errors go to stderr alone, so that stdout stays clean for --json consumers.
            foreach (var error in parse.Errors)
                console.Error.WriteLine($"error: {error.Message}");
            console.Error.WriteLine($"see: {CommandPath(parse.CommandResult)} --help");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception) when (exception is CliException or LabelledTsvException or ModelFormatException or TrainingDataException or IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: {exception.Message}");
            return exception is CliException cli ? cli.ExitCode : ExitCodes.BadInput;
        }
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is CommandResult current; result = result.Parent)
            names.Add(current.Parent is null ? "feedback" : current.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
