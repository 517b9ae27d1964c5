using Feedback.Classification.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Feedback.Classification.Model;

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
