using System.CommandLine;
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
        ("migrate", MigrateCommand.Create),
        ("loadtest", LoadtestCommand.Create),
        ("report", ReportCommand.Create),
        ("publish", PublishCommand.Create),
    ];

    public static int Run(string[] args, CliConsole console) =>
        CliRunner.Run(args, console, "Citizen feedback pipeline: classifier training, evaluation and tools", Commands);
}
