using Feedback.Cli;
using Feedback.Cli.Commands;

StartupClock.MainEntered();
return CliRunner.Run(args, new CliConsole(Console.In, Console.Out, Console.Error),
    "Citizen feedback classifier, compiled ahead of time: classify and bench",
    [("classify", ClassifyCommand.Create), ("bench", BenchCommand.Create)]);
