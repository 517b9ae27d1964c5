using System.CommandLine;
using System.CommandLine.Parsing;
using Feedback.Classification.Labelled;
using Feedback.Classification.Model;
using Feedback.Classification.Training;

namespace Feedback.Cli;

/// <summary>
/// Parses and runs a command line of the given sub-commands, with the errors and exit codes every `feedback` command
/// shares. The CLI runs it with all its commands; the ahead-of-time compiled one (Feedback.Cli.Native) with classify and bench.
/// </summary>
public static class CliRunner
{
    public static int Run(string[] args, CliConsole console, string description, IReadOnlyList<(string Name, Func<CliConsole, Command> Create)> commands)
    {
        var root = new RootCommand(description);
        // Only the command being run is built, so a cold `classify` or `bench classifier` pays for one command's
        // options, not thirteen's (docs/classifier.md, cold start). The root's help and a mistyped name get them all.
        var named = args.Length > 0 ? commands.Where(command => command.Name == args[0]).ToList() : [];
        foreach (var (_, create) in named.Count == 1 ? named : commands)
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
