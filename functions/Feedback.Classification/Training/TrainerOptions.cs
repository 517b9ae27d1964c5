using Feedback.Classification.Features;
using Feedback.Classification.Labelled;

namespace Feedback.Classification.Training;

public sealed record TrainerOptions
{
    public FeatureOptions Features { get; init; } = new();

    public int Seed { get; init; } = 1403;

    public int Folds { get; init; } = 5;

    /// <summary>
    /// L2 strengths of ML.NET's L-BFGS maximum-entropy trainer tried by cross-validation. ML.NET adds
    /// the penalty to the weighted sum of the rows' losses, not to their mean, so the right strength
    /// grows with the data: the corpus and SnappFood together weigh about 15,000 rows.
    /// </summary>
    public IReadOnlyList<double> RegularizationGrid { get; init; } = [1, 0.3, 0.1, 0.03];

    /// <summary>Weight of each row from a sentiment-only source (an external data set) against a row of the team's corpus.</summary>
    public double SentimentOnlySourceWeight { get; init; } = 1.0;

    public int MaxIterations { get; init; } = 300;

    /// <summary>ML.NET's L-BFGS stops when the loss improves by less than this, relatively; the early stop is part of the regularization.</summary>
    public double OptimizationTolerance { get; init; } = 1e-5;

    /// <summary>Features seen in fewer training messages than this are left out of the models.</summary>
    public int MinDocumentFrequency { get; init; } = 3;

    /// <summary>The low-confidence threshold is the lowest at which out-of-fold predictions at or above it are this accurate.</summary>
    public double ConfidentAccuracyTarget { get; init; } = 0.95;

    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>One training file: its rows, its content hash, and the path recorded in the model header.</summary>
public sealed record TrainingSourceFile(string DisplayPath, string Sha256, IReadOnlyList<LabelledMessage> Messages)
{
    /// <summary>Every row's topic is "-": an external sentiment set. Decided once, when the file is read.</summary>
    public bool SentimentOnly { get; } = Messages.Count > 0 && Messages.All(message => message.Topic is null);

    public static TrainingSourceFile Read(string path, string displayPath)
    {
        var bytes = LabelledTsv.ReadBytes(path);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return new TrainingSourceFile(displayPath, hash, LabelledTsv.Parse(bytes, path));
    }
}
