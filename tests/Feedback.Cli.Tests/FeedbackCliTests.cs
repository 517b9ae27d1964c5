namespace Feedback.Cli.Tests;

/// <summary>The root command line: a run builds only the command it names, and nothing is missing from help or errors.</summary>
public sealed class FeedbackCliTests
{
    [Fact]
    public void Each_command_is_listed_under_the_name_it_answers_to()
    {
        var console = new CliConsole(new StringReader(""), new StringWriter(), new StringWriter());
        foreach (var (name, create) in FeedbackCli.Commands)
            Assert.Equal(name, create(console).Name);
    }

    [Fact]
    public void The_root_help_lists_every_command()
    {
        var run = CliRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var (name, _) in FeedbackCli.Commands)
            Assert.Contains(name, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_command_is_an_error_that_names_the_root_help()
    {
        var run = CliRun.Of("clasify", "متن");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("clasify", run.Error, StringComparison.Ordinal);
        Assert.Contains("see: feedback --help", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_run_by_name_still_has_its_own_help()
    {
        var run = CliRun.Of("bench", "classifier", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--seconds", run.Out, StringComparison.Ordinal);
    }
}
