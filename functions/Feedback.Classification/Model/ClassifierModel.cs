using Feedback.Classification.Features;

namespace Feedback.Classification.Model;

/// <summary>
/// Everything a classifier needs: its header and, for every feature bucket, one row holding the bucket's
/// idf followed by the sentiment model's and the topic model's weights. One row per bucket means one
/// memory access per feature at classification time, where separate tables would cost three.
/// </summary>
public sealed class ClassifierModel
{
    internal const int IdfColumn = 0;

    private readonly Lazy<ModelHeader> _header;

    internal ClassifierModel(ModelHeader header, float[] rows, float[] sentimentBias, float[] topicBias)
        : this(ModelShape.Of(header), new Lazy<ModelHeader>(header), rows, sentimentBias, topicBias)
    {
    }

    /// <summary>A model whose descriptive header is parsed only when asked for: classifying needs only its shape.</summary>
    internal ClassifierModel(ModelShape shape, Lazy<ModelHeader> header, float[] rows, float[] sentimentBias, float[] topicBias)
    {
        _header = header;
        Features = shape.Features;
        Sentiment = new LinearModel(shape.SentimentKeys, sentimentBias, shape.SentimentThreshold, column: 1);
        Topic = new LinearModel(shape.TopicKeys, topicBias, shape.TopicThreshold, column: 1 + shape.SentimentKeys.Count);
        Stride = 1 + shape.SentimentKeys.Count + shape.TopicKeys.Count;
        if (rows.Length != Features.Dimension * Stride)
            throw new ArgumentException($"{rows.Length} values for {Features.Dimension} buckets of {Stride}", nameof(rows));
        Rows = rows;
    }

    /// <summary>What the model says about itself: training data, settings and cross-validated metrics.</summary>
    public ModelHeader Header => _header.Value;

    internal ModelShape Shape => new(Features, Sentiment.Classes, Topic.Classes, Sentiment.LowConfidenceThreshold, Topic.LowConfidenceThreshold);

    public FeatureOptions Features { get; }

    public LinearModel Sentiment { get; }

    public LinearModel Topic { get; }

    /// <summary>Values per bucket: idf, then the sentiment weights, then the topic weights.</summary>
    internal int Stride { get; }

    internal float[] Rows { get; }

    internal float Idf(int bucket) => Rows[bucket * Stride + IdfColumn];

    internal float Weight(LinearModel model, int bucket, int classIndex) => Rows[bucket * Stride + model.Column + classIndex];

    /// <summary>Packs an idf vector and two bucket-major weight matrices ([bucket × classes + class]).</summary>
    internal static ClassifierModel Pack(ModelHeader header, float[] idf, float[] sentimentWeights, float[] sentimentBias, float[] topicWeights, float[] topicBias)
    {
        var sentimentClasses = sentimentBias.Length;
        var topicClasses = topicBias.Length;
        var stride = 1 + sentimentClasses + topicClasses;
        var rows = new float[idf.Length * stride];
        for (var bucket = 0; bucket < idf.Length; bucket++)
        {
            var row = rows.AsSpan(bucket * stride, stride);
            row[IdfColumn] = idf[bucket];
            sentimentWeights.AsSpan(bucket * sentimentClasses, sentimentClasses).CopyTo(row[1..]);
            topicWeights.AsSpan(bucket * topicClasses, topicClasses).CopyTo(row[(1 + sentimentClasses)..]);
        }
        return new ClassifierModel(header, rows, sentimentBias, topicBias);
    }
}

/// <summary>What classifying needs besides the weights: stored in binary at the front of a model file, so loading needs no JSON parser.</summary>
internal sealed record ModelShape(FeatureOptions Features, IReadOnlyList<string> SentimentKeys, IReadOnlyList<string> TopicKeys, float SentimentThreshold, float TopicThreshold)
{
    public static ModelShape Of(ModelHeader header) => new(
        header.Features.ToOptions(),
        header.SentimentKeys,
        header.TopicKeys,
        (float)header.Metrics.Sentiment.LowConfidenceThreshold,
        (float)header.Metrics.Topic.LowConfidenceThreshold);
}
