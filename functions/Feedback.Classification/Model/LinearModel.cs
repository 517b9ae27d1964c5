namespace Feedback.Classification.Model;

/// <summary>
/// A multinomial logistic regression over hashed features: one weight row of <see cref="ClassCount"/>
/// floats per feature bucket, stored densely for fast look-up, and a bias per class.
/// </summary>
public sealed class LinearModel
{
    public LinearModel(IReadOnlyList<string> classes, float[] weights, float[] bias, float lowConfidenceThreshold)
    {
        if (bias.Length != classes.Count)
            throw new ArgumentException($"{bias.Length} biases for {classes.Count} classes", nameof(bias));
        if (weights.Length % classes.Count != 0)
            throw new ArgumentException("weights are not a whole number of class rows", nameof(weights));
        Classes = classes;
        Weights = weights;
        Bias = bias;
        LowConfidenceThreshold = lowConfidenceThreshold;
    }

    public IReadOnlyList<string> Classes { get; }

    public int ClassCount => Classes.Count;

    /// <summary>Row-major: the weights of bucket b are [b × ClassCount, (b + 1) × ClassCount).</summary>
    internal float[] Weights { get; }

    internal float[] Bias { get; }

    /// <summary>Below this top-class probability a prediction is flagged for a person to check.</summary>
    public float LowConfidenceThreshold { get; }

    public void PredictProbabilities(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> probabilities)
    {
        var classes = ClassCount;
        Bias.CopyTo(probabilities);
        var scores = probabilities[..classes];
        var weights = Weights;
        for (var i = 0; i < indices.Length; i++)
        {
            var row = weights.AsSpan(indices[i] * classes, classes);
            var value = values[i];
            for (var k = 0; k < row.Length; k++)
                scores[k] += row[k] * value;
        }
        Softmax(scores);
    }

    internal static void Softmax(Span<float> scores)
    {
        var max = float.NegativeInfinity;
        foreach (var score in scores)
            max = MathF.Max(max, score);
        var sum = 0f;
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = MathF.Exp(scores[k] - max);
            sum += scores[k];
        }
        for (var k = 0; k < scores.Length; k++)
            scores[k] /= sum;
    }
}
