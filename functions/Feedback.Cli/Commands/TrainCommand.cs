using System.CommandLine;
using System.Diagnostics;
using Feedback.Classification.Model;
using Feedback.Classification.Training;

namespace Feedback.Cli.Commands;

/// <summary>`feedback train`: trains both models and writes the model file.</summary>
public static class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string[]>("--data")
        {
            Description = "Labelled TSV files (text, sentiment, topic). Default: the team's corpus, plus shared/datasets/snappfood-sentiment/train.tsv when it is there",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string?>("--out") { Description = "Directory to write " + ModelFile.FileName + " to. Default: functions/Feedback.Classification/model" };
        var seed = new Option<int>("--seed") { Description = "Seed for the cross-validation folds", DefaultValueFactory = _ => new TrainerOptions().Seed };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds", DefaultValueFactory = _ => new TrainerOptions().Folds };
        var command = new Command("train", "Train the sentiment and topic models and write the model file") { data, output, seed, folds };
        command.SetAction(parse => Run(console, parse.GetValue(data), parse.GetValue(output), parse.GetValue(seed), parse.GetValue(folds)));
        return command;
    }

    private static int Run(CliConsole console, string[]? dataFiles, string? outputDirectory, int seed, int folds)
    {
        if (folds < 2)
            throw new CliException("--folds must be at least 2");
        var paths = RepositoryPaths.Find();
        var files = dataFiles is { Length: > 0 } ? dataFiles : DefaultTrainingFiles(paths, console);
        outputDirectory ??= paths?.ModelDirectory ?? throw new CliException("--out is required outside the repository");

        try
        {
            Directory.CreateDirectory(outputDirectory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write to --out {outputDirectory}: {exception.Message}");
        }

        var stopwatch = Stopwatch.StartNew();
        var sources = files.Select(file => TrainingSourceFile.Read(file, paths?.Display(file) ?? Path.GetFileName(file))).ToArray();
        foreach (var source in sources)
            console.Error.WriteLine($"data: {source.DisplayPath}: {source.Messages.Count} rows{(source.SentimentOnly ? " (sentiment only)" : "")}");

        var options = new TrainerOptions { Seed = seed, Folds = folds };
        var model = ClassifierTrainer.Train(sources, options, message => console.Error.WriteLine(message));
        var outputPath = Path.Combine(outputDirectory, ModelFile.FileName);
        ModelFile.Write(model, outputPath);

        var metrics = model.Header.Metrics;
        console.Out.WriteLine($"wrote {outputPath} ({new FileInfo(outputPath).Length:N0} bytes) in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        console.Out.WriteLine($"training data sha256 {model.Header.TrainingData.Sha256}");
        console.Out.WriteLine($"sentiment: cross-validated accuracy {metrics.Sentiment.CrossValidatedAccuracy:0.000}, macro-F1 {metrics.Sentiment.CrossValidatedMacroF1:0.000} on {metrics.Sentiment.Rows} rows; low confidence below {metrics.Sentiment.LowConfidenceThreshold:0.00}");
        console.Out.WriteLine($"topic:     cross-validated accuracy {metrics.Topic.CrossValidatedAccuracy:0.000}, macro-F1 {metrics.Topic.CrossValidatedMacroF1:0.000} on {metrics.Topic.Rows} rows; low confidence below {metrics.Topic.LowConfidenceThreshold:0.00}");
        return ExitCodes.Success;
    }

    private static string[] DefaultTrainingFiles(RepositoryPaths? paths, CliConsole console)
    {
        if (paths is null)
            throw new CliException("--data is required outside the repository");
        var files = paths.CorpusFiles().ToList();
        if (File.Exists(paths.ExternalSentimentTrainingSet))
            files.Add(paths.ExternalSentimentTrainingSet);
        else
            console.Error.WriteLine($"warning: {paths.ExternalSentimentTrainingSet} not found: training on the team's corpus alone, so the model will differ from the shipped one");
        return [.. files];
    }
}
