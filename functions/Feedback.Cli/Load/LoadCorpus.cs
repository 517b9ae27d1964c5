using Feedback.Classification.Labelled;

namespace Feedback.Cli.Load;

/// <summary>The texts a load sends: the team's labelled corpus, real messages of every topic and length.</summary>
public static class LoadCorpus
{
    public static string[] Texts()
    {
        var paths = RepositoryPaths.Find() ?? throw new CliException("run this from inside the repository (it sends the corpus's messages)");
        return paths.CorpusFiles().SelectMany(file => LabelledTsv.Read(file)).Select(message => message.Text).Where(text => text.Length <= 2_000).ToArray();
    }
}
