using Feedback.Classification.Labelled;
using Feedback.Classification.Model;

namespace Feedback.Benchmarks;

/// <summary>Real messages from the team's corpus, picked by length, so benchmarks measure what citizens send.</summary>
internal static class CorpusMessages
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ModelPath => Path.Combine(RepositoryRoot, "functions", "Feedback.Classification", "model", ModelFile.FileName);

    public static string[] WithLength(int minimum, int maximum) =>
        Directory.GetFiles(Path.Combine(RepositoryRoot, "functions", "Feedback.Classification", "corpus"), "*.tsv")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => LabelledTsv.Read(file))
            .Select(message => message.Text)
            .Where(text => text.Length >= minimum && text.Length <= maximum)
            .ToArray();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Feedback.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
