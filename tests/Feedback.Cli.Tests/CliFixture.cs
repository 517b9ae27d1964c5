using Feedback.Classification.Model;

namespace Feedback.Cli.Tests;

/// <summary>
/// Small labelled files copied from the corpus into a temporary directory, and a model trained from them
/// once with `feedback train`, shared by every test class in <see cref="CliGroup"/>.
/// </summary>
public sealed class CliFixture : IDisposable
{
    public const int TrainingRowsPerTopic = 6;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("feedback-cli-tests-");

    public CliFixture()
    {
        var paths = RepositoryPaths.Find() ?? throw new InvalidOperationException("Feedback.sln not found above the test binary");
        var corpus = Directory.GetFiles(paths.CorpusDirectory, "*.tsv").Order(StringComparer.Ordinal)
            .Select(file => File.ReadAllLines(file).Skip(1).Where(line => line.Length > 0).Select(line => line.Split('\t')).ToArray())
            .ToArray();
        if (corpus.Length == 0)
            throw new InvalidOperationException($"no corpus files in {paths.CorpusDirectory}");

        TrainingFiles = corpus.Select((rows, i) => Write($"train-{i:00}.tsv", rows.Take(TrainingRowsPerTopic))).ToArray();
        var held = corpus.SelectMany(rows => rows.Skip(TrainingRowsPerTopic).Take(6)).ToArray();
        var polar = corpus.SelectMany(rows => rows.Skip(TrainingRowsPerTopic).Where(row => row[1] is "negative" or "positive").Take(4)).ToArray();
        MixedFile = Write("mixed.tsv", held);
        PolarFile = Write("polar.tsv", polar);
        PolarWithoutTopicsFile = Write("polar-no-topic.tsv", polar.Select(row => new[] { row[0], row[1], "-" }));
        WithoutTopicsFile = Write("no-topic.tsv", held.Select(row => new[] { row[0], row[1], "-" }));
        if (!held.Any(row => row[1] == "neutral"))
            throw new InvalidOperationException("the held-out sample has no neutral row");

        ModelDirectory = Path.Combine(_directory.FullName, "model");
        Train = CliRun.Of(["train", "--data", .. TrainingFiles, "--out", ModelDirectory, "--folds", "2"]);
        ModelPath = Path.Combine(ModelDirectory, ModelFile.FileName);
    }

    public string WorkDirectory => _directory.FullName;

    public IReadOnlyList<string> TrainingFiles { get; }

    /// <summary>Held-out rows of every topic and every sentiment.</summary>
    public string MixedFile { get; }

    /// <summary>Held-out negative and positive rows, with their topics.</summary>
    public string PolarFile { get; }

    /// <summary>The rows of <see cref="PolarFile"/> with topic '-'.</summary>
    public string PolarWithoutTopicsFile { get; }

    /// <summary>The rows of <see cref="MixedFile"/> with topic '-'.</summary>
    public string WithoutTopicsFile { get; }

    public string ModelDirectory { get; }

    public string ModelPath { get; }

    /// <summary>The run of `feedback train` that made the model.</summary>
    public CliRun Train { get; }

    /// <summary>Writes a file in the fixture's directory and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private string Write(string name, IEnumerable<string[]> rows) =>
        WriteFile(name, "text\tsentiment\ttopic\n" + string.Concat(rows.Select(row => string.Join('\t', row) + "\n")));
}

[CollectionDefinition(Name)]
public sealed class CliGroup : ICollectionFixture<CliFixture>
{
    public const string Name = "feedback command line";
}
