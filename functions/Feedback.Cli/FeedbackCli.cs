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
    /// <summary>Every sub-command by the name it is typed as.</summary>
    internal static IReadOnlyList<(string Name, Func<CliConsole, Command> Create)> Commands { get; } =
    [
        ("train", TrainCommand.Create),
        ("evaluate", EvaluateCommand.Create),
        ("places", PlacesCommand.Create),
        ("classify", ClassifyCommand.Create),
        ("bench", BenchCommand.Create),
        ("keys", KeysCommand.Create),
        ("members", MembersCommand.Create),
        ("export-labels", ExportLabelsCommand.Create),
        ("deadletter", DeadletterCommand.Create),
        ("routing", RoutingCommand.Create),
        ("loadtest", LoadtestCommand.Create),
        ("report", ReportCommand.Create),
        ("publish", PublishCommand.Create),
    ];

    public static int Run(string[] args, CliConsole console)
    {
        var root = new RootCommand("Citizen feedback pipeline: classifier training, evaluation and tools");
        // Only the command being run is built, so a cold `classify` or `bench classifier` pays for one command's
        // options, not thirteen's (docs/classifier.md, cold start). The root's help and a mistyped name get them all.
        var named = args.Length > 0 ? Commands.Where(command => command.Name == args[0]).ToList() : [];
        foreach (var (_, create) in named.Count == 1 ? named : Commands)
            root.Add(create(console));
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
