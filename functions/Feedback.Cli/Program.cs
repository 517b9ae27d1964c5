using Feedback.Cli;

StartupClock.MainEntered();
return FeedbackCli.Run(args, new CliConsole(Console.In, Console.Out, Console.Error));
