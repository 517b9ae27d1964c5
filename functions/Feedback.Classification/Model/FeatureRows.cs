using Microsoft.ML;
using Microsoft.ML.Data;

namespace Feedback.Classification.Model;

/// <summary>What an ML.NET model of this project reads: a message's weighted hashed features.</summary>
internal sealed class FeatureInput
{
    public VBuffer<float> Features;
}

/// <summary>What the model answers: the probability of every class of each head, in key order.</summary>
internal sealed class ScoreOutput
{
    public float[] SentimentScore = [];

    public float[] TopicScore = [];
}

/// <summary>
/// A training row: the features, the class index (ML.NET reads a key field of a class as 0-based and
/// stores it 1-based, 0 meaning missing), the row's weight, and whether it comes from a sentiment-only
/// (external) source.
/// </summary>
internal sealed class TrainingRow
{
    public VBuffer<float> Features;

    public uint Label;

    public float Weight;

    public bool External;
}

/// <summary>A training row as cross-validation scored it while it was held out; <see cref="Label"/> comes back as the stored key, 1-based.</summary>
internal sealed class ScoredRow
{
    public uint Label;

    public bool External;

    public float[] Score = [];
}

internal static class FeatureSchema
{
    public const string Features = nameof(FeatureInput.Features);
    public const string Label = nameof(TrainingRow.Label);
    public const string Weight = nameof(TrainingRow.Weight);

    /// <summary>What an ML.NET multiclass predictor writes; each head's is copied to a column of its own.</summary>
    public const string Score = nameof(ScoredRow.Score);
    public const string SentimentScore = nameof(ScoreOutput.SentimentScore);
    public const string TopicScore = nameof(ScoreOutput.TopicScore);

    /// <summary>The vector's length and the label's key count are not in the types: they are the model's.</summary>
    public static SchemaDefinition Input(int dimension)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureInput), SchemaDefinition.Direction.Read);
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        return schema;
    }

    /// <summary>The schema of the row a <see cref="ScoringEngine"/> feeds the model: the features alone.</summary>
    public static DataViewSchema InputRow(int dimension)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(Features, new VectorDataViewType(NumberDataViewType.Single, dimension));
        return builder.ToSchema();
    }

    public static SchemaDefinition Training(int dimension, int classCount)
    {
        var schema = SchemaDefinition.Create(typeof(TrainingRow), SchemaDefinition.Direction.Read);
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        schema[Label].ColumnType = new KeyDataViewType(typeof(uint), classCount);
        return schema;
    }
}
