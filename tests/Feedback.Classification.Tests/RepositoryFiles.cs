using Feedback.Classification.Labelled;

namespace Feedback.Classification.Tests;

/// <summary>The repository's own files, found by walking up from the test binary to the folder holding Feedback.sln.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string CorpusDirectory => Path.Combine(Root, "functions", "Feedback.Classification", "corpus");

    /// <summary>The corpus files, in ordinal order of their names.</summary>
    public static IReadOnlyList<string> CorpusFiles()
    {
        var files = Directory.GetFiles(CorpusDirectory, "*.tsv").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new InvalidOperationException($"no corpus files in {CorpusDirectory}");
        return files;
    }

    /// <summary>The first <paramref name="perFile"/> rows of every corpus file.</summary>
    public static IReadOnlyList<LabelledMessage> CorpusSample(int perFile) =>
        CorpusFiles().SelectMany(file => LabelledTsv.Read(file).Take(perFile)).ToArray();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Feedback.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"Feedback.sln not found above {AppContext.BaseDirectory}");
    }
}
