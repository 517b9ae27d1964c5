using Feedback.Classification.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Feedback.Classification.Model;

/// <summary>What one caller at a time uses: an ML.NET prediction engine of the model and the feature buffer it reads.</summary>
internal sealed class ScoringEngine(MLContext context, ITransformer transformer, int columns)
{
    private readonly PredictionEngine<FeatureInput, ScoreOutput> _engine =
        context.Model.CreatePredictionEngine<FeatureInput, ScoreOutput>(transformer, ignoreMissingColumns: true, inputSchemaDefinition: FeatureSchema.Input(columns));
    private readonly FeatureInput _input = new();
    private ScoreOutput _output = new();

    public FeatureBuffer Buffer { get; } = new();

    /// <summary>Both heads' probabilities for the model columns in <see cref="Buffer"/>, as fresh arrays the result may keep.</summary>
    public (float[] Sentiment, float[] Topic) Predict()
    {
        _input.Features = new VBuffer<float>(columns, Buffer.Count, Buffer.RawValues, Buffer.RawIndices);
        _engine.Predict(_input, ref _output);
        return ([.. _output.SentimentScore], [.. _output.TopicScore]);
    }
}
