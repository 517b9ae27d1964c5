namespace Feedback.Cli;

/// <summary>Where the repository's own files are, found by walking up to Feedback.sln from the working directory or the binary.</summary>
public sealed class RepositoryPaths(string root)
{
    public string Root { get; } = root;

    public string ClassificationProject => Path.Combine(Root, "functions", "Feedback.Classification");

    public string CorpusDirectory => Path.Combine(ClassificationProject, "corpus");

    public string ModelDirectory => Path.Combine(ClassificationProject, "model");

    public string SharedDirectory => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>The external sentiment set the shipped model is trained with; read from shared/, never copied into the repository.</summary>
    public string ExternalSentimentTrainingSet => Path.Combine(SharedDirectory, "datasets", "snappfood-sentiment", "train.tsv");

    /// <summary>The team's corpus files, in ordinal order of their names (the order training reads them in).</summary>
    public IReadOnlyList<string> CorpusFiles()
    {
        if (!Directory.Exists(CorpusDirectory))
            throw new CliException($"corpus directory not found: {CorpusDirectory}");
        var files = Directory.GetFiles(CorpusDirectory, "*.tsv").Order(StringComparer.Ordinal).ToArray();
        return files.Length > 0 ? files : throw new CliException($"no .tsv files in {CorpusDirectory}");
    }

    public static RepositoryPaths? Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Feedback.sln")))
                    return new RepositoryPaths(directory.FullName);
            }
        }
        return null;
    }

    /// <summary>A path as the model header records it: relative to the repository root, with forward slashes.</summary>
    public string Display(string path) => Path.GetRelativePath(Root, Path.GetFullPath(path)).Replace('\\', '/');
}
