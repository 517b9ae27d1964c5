using Feedback.Cli;

return FeedbackCli.Run(args, new CliConsole(Console.In, Console.Out, Console.Error));
