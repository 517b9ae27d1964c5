using Feedback.Classification.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

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

/// <summary>
/// What one caller at a time uses: the model's row mapper bound to a feature row of its own, and the feature buffer
/// that row reads. ML.NET's prediction engine would do the same through a class of fields, whose getters it makes with
/// Reflection.Emit; reading the score vectors straight from the mapped row skips that work at start.
/// </summary>
internal sealed class ScoringEngine
{
    private readonly int _columns;
    private readonly ValueGetter<VBuffer<float>> _sentiment;
    private readonly ValueGetter<VBuffer<float>> _topic;
    private VBuffer<float> _sentimentScores;
    private VBuffer<float> _topicScores;
    private long _position = -1;

    public ScoringEngine(ITransformer transformer, int columns)
    {
        _columns = columns;
        var schema = FeatureSchema.InputRow(columns);
        var mapper = transformer.GetRowToRowMapper(schema);
        var sentiment = mapper.OutputSchema[FeatureSchema.SentimentScore];
        var topic = mapper.OutputSchema[FeatureSchema.TopicScore];
        var output = mapper.GetRow(new FeatureRow(schema, this), [sentiment, topic]);
        _sentiment = output.GetGetter<VBuffer<float>>(sentiment);
        _topic = output.GetGetter<VBuffer<float>>(topic);
    }

    public FeatureBuffer Buffer { get; } = new();

    /// <summary>Both heads' probabilities for the model columns in <see cref="Buffer"/>, as fresh arrays the result may keep.</summary>
    public (float[] Sentiment, float[] Topic) Predict()
    {
        // A new position tells the mapped row's getters that the input changed: ML.NET lets a getter cache what it computed per position.
        _position++;
        _sentiment(ref _sentimentScores);
        _topic(ref _topicScores);
        return (Dense(_sentimentScores), Dense(_topicScores));
    }

    private static float[] Dense(in VBuffer<float> scores)
    {
        var values = new float[scores.Length];
        scores.CopyTo(values);
        return values;
    }

    /// <summary>The one-column row the model reads: the features in the engine's buffer, as a sparse vector, at the engine's position.</summary>
    private sealed class FeatureRow(DataViewSchema schema, ScoringEngine engine) : DataViewRow
    {
        public override long Position => engine._position;

        public override long Batch => 0;

        public override DataViewSchema Schema => schema;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)engine._position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index == 0;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != 0 || typeof(TValue) != typeof(VBuffer<float>))
                throw new InvalidOperationException($"the feature row has one column, {FeatureSchema.Features}, a vector of floats; asked for column {column.Index} as {typeof(TValue)}");
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
                new VBuffer<float>(engine._columns, engine.Buffer.Count, engine.Buffer.RawValues, engine.Buffer.RawIndices).CopyTo(ref value);
            return (ValueGetter<TValue>)(Delegate)getter;
        }
    }
}
