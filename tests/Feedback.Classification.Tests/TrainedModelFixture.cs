using System.Security.Cryptography;
using System.Text;
using Feedback.Classification.Labelled;
using Feedback.Classification.Model;
using Feedback.Classification.Training;

namespace Feedback.Classification.Tests;

/// <summary>A small real model, trained once for every test class in <see cref="TrainedModelGroup"/>: the first 25 rows of each corpus file.</summary>
public sealed class TrainedModelFixture
{
    public const int RowsPerFile = 25;

    public static TrainerOptions Options { get; } = new() { Folds = 2, RegularizationGrid = [1, 0.1], MaxIterations = 60 };

    public TrainedModelFixture()
    {
        Sources = ReadSources();
        Model = ClassifierTrainer.Train(Sources, Options);
        Classifier = new FeedbackClassifier(Model);
        ModelBytes = ToBytes(Model);
    }

    public IReadOnlyList<TrainingSourceFile> Sources { get; }

    public ClassifierModel Model { get; }

    public FeedbackClassifier Classifier { get; }

    /// <summary>The model as <see cref="ModelFile.Write(ClassifierModel, Stream)"/> writes it.</summary>
    public byte[] ModelBytes { get; }

    public static IReadOnlyList<TrainingSourceFile> ReadSources() => RepositoryFiles.CorpusFiles()
        .Select(path =>
        {
            var messages = LabelledTsv.Read(path).Take(RowsPerFile).ToArray();
            var text = string.Join('\n', messages.Select(message => $"{message.Text}\t{message.Sentiment}\t{message.Topic ?? "-"}"));
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            return new TrainingSourceFile(Path.GetFileName(path), sha, messages);
        })
        .ToArray();

    public static byte[] ToBytes(ClassifierModel model)
    {
        using var stream = new MemoryStream();
        ModelFile.Write(model, stream);
        return stream.ToArray();
    }
}

[CollectionDefinition(Name)]
public sealed class TrainedModelGroup : ICollectionFixture<TrainedModelFixture>
{
    public const string Name = "trained model";
}
