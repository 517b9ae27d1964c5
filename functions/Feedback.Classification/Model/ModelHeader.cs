using System.Text.Json.Serialization;
using Feedback.Classification.Features;

namespace Feedback.Classification.Model;

/// <summary>
/// The provenance of a model, stored as provenance.json inside its file: readable with any JSON tool,
/// enough to reproduce it, and what loading checks (format version, taxonomy, the content hashes).
/// </summary>
public sealed record ModelHeader
{
    public required int FormatVersion { get; init; }

    /// <summary>The ML.NET version that trained the two models.</summary>
    public required string MlNetVersion { get; init; }

    public required IReadOnlyList<string> SentimentKeys { get; init; }

    public required IReadOnlyList<string> TopicKeys { get; init; }

    public required FeatureSettings Features { get; init; }

    public required TrainingDataInfo TrainingData { get; init; }

    public required TrainingSettings Training { get; init; }

    public required TrainingMetrics Metrics { get; init; }

    /// <summary>SHA-256 of every other entry of the model file, by entry name: a damaged entry is refused at load.</summary>
    public required IReadOnlyDictionary<string, string> Contents { get; init; }
}

public sealed record FeatureSettings(int HashBits, int CharNgramMin, int CharNgramMax, int MinDocumentFrequency)
{
    public static FeatureSettings From(FeatureOptions options, int minDocumentFrequency) => new(options.HashBits, options.CharNgramMin, options.CharNgramMax, minDocumentFrequency);

    public FeatureOptions ToOptions() => new() { HashBits = HashBits, CharNgramMin = CharNgramMin, CharNgramMax = CharNgramMax };
}

/// <summary>The data a model was trained from: each source file's rows and content hash, and one hash over all of them.</summary>
public sealed record TrainingDataInfo(string Sha256, IReadOnlyList<TrainingSource> Sources);

/// <summary>A training file; <see cref="SentimentOnly"/> sources (topic "-") train the sentiment model alone, at <see cref="Weight"/>.</summary>
public sealed record TrainingSource(string Path, int Rows, string Sha256, bool SentimentOnly, double Weight);

/// <summary>How both models were trained: ML.NET's trainer, its settings, and the L2 strength cross-validation chose for each.</summary>
public sealed record TrainingSettings(
    string Trainer,
    int Seed,
    int Folds,
    IReadOnlyList<double> RegularizationGrid,
    double SentimentRegularization,
    double TopicRegularization,
    double SentimentOnlySourceWeight,
    double OptimizationTolerance,
    int MaxIterations);

/// <summary>Cross-validated figures measured while training.</summary>
public sealed record TrainingMetrics(ModelMetrics Sentiment, ModelMetrics Topic);

/// <summary>
/// Out-of-fold figures on the team's corpus (<see cref="Rows"/> rows), and for the sentiment model the
/// negative-vs-positive accuracy on the external sentiment-only rows, when there were any.
/// </summary>
public sealed record ModelMetrics(
    int Rows,
    double CrossValidatedAccuracy,
    double CrossValidatedMacroF1,
    double? CrossValidatedExternalBinaryAccuracy,
    double LowConfidenceThreshold,
    double LowConfidenceShare);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ModelHeader))]
internal sealed partial class ModelHeaderJsonContext : JsonSerializerContext;
