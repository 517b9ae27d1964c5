using Feedback.Classification.Features;
using Microsoft.ML;

namespace Feedback.Classification.Model;

/// <summary>
/// Everything a classifier needs: the provenance header, the idf of every feature bucket (the weighting
/// both training and classification apply) and which buckets the model reads, and the one ML.NET model
/// that reads the weighted features and answers both heads: the sentiment and the topic probabilities.
/// </summary>
public sealed class ClassifierModel
{
    internal ClassifierModel(MLContext context, ModelHeader header, FeatureColumns columns, LabelModel sentiment, LabelModel topic, ITransformer transformer, byte[] fileBytes, ScoringEngine? preparedEngine = null)
    {
        Features = header.Features.ToOptions();
        if (columns.Idf.Length != Features.Dimension)
            throw new ArgumentException($"{columns.Idf.Length} buckets in the feature table, {Features.Dimension} in the settings", nameof(columns));
        Context = context;
        Header = header;
        Columns = columns;
        Sentiment = sentiment;
        Topic = topic;
        Transformer = transformer;
        FileBytes = fileBytes;
        _preparedEngine = preparedEngine;
    }

    private ScoringEngine? _preparedEngine;

    /// <summary>What the model says about itself: training data, settings and cross-validated metrics.</summary>
    public ModelHeader Header { get; }

    public FeatureOptions Features { get; }

    public LabelModel Sentiment { get; }

    public LabelModel Topic { get; }

    /// <summary>Each bucket's idf, and its column in the models' feature vector.</summary>
    internal FeatureColumns Columns { get; }

    internal float[] Idf => Columns.Idf;

    /// <summary>The model file this model was read from (or will be written as).</summary>
    internal byte[] FileBytes { get; }

    /// <summary>The ML.NET context the model was loaded in.</summary>
    internal MLContext Context { get; }

    /// <summary>
    /// Both heads in one ML.NET transformer chain: it reads <see cref="FeatureSchema.Features"/> and writes
    /// <see cref="FeatureSchema.SentimentScore"/> and <see cref="FeatureSchema.TopicScore"/>.
    /// </summary>
    internal ITransformer Transformer { get; }

    /// <summary>A new scoring engine of this model, for one caller at a time.</summary>
    internal ScoringEngine CreateEngine() => new(Transformer, Columns.Count);

    /// <summary>The engine made while the model was loaded, once; then null.</summary>
    internal ScoringEngine? TakePreparedEngine() => Interlocked.Exchange(ref _preparedEngine, null);
}

/// <summary>One head of a <see cref="ClassifierModel"/>: its classes (in the order of its score vector) and low-confidence threshold.</summary>
public sealed class LabelModel
{
    internal LabelModel(IReadOnlyList<string> classes, float lowConfidenceThreshold)
    {
        Classes = classes;
        LowConfidenceThreshold = lowConfidenceThreshold;
    }

    public IReadOnlyList<string> Classes { get; }

    public int ClassCount => Classes.Count;

    /// <summary>Below this top-class probability a prediction is flagged for a person to check.</summary>
    public float LowConfidenceThreshold { get; }
}
