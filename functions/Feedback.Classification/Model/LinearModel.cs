namespace Feedback.Classification.Model;

/// <summary>
/// One multinomial logistic regression of a <see cref="ClassifierModel"/>: its classes, biases and
/// low-confidence threshold. Its weights are the columns [<see cref="Column"/>, Column + ClassCount)
/// of the model's bucket rows.
/// </summary>
public sealed class LinearModel
{
    internal LinearModel(IReadOnlyList<string> classes, float[] bias, float lowConfidenceThreshold, int column)
    {
        if (bias.Length != classes.Count)
            throw new ArgumentException($"{bias.Length} biases for {classes.Count} classes", nameof(bias));
        Classes = classes;
        Bias = bias;
        LowConfidenceThreshold = lowConfidenceThreshold;
        Column = column;
    }

    public IReadOnlyList<string> Classes { get; }

    public int ClassCount => Classes.Count;

    /// <summary>Below this top-class probability a prediction is flagged for a person to check.</summary>
    public float LowConfidenceThreshold { get; }

    internal float[] Bias { get; }

    internal int Column { get; }
}
