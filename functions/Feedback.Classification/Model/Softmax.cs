using System.Numerics;

namespace Feedback.Classification.Model;

/// <summary>Scores to probabilities, in place, for the classifier (float) and the trainer (double).</summary>
internal static class Softmax
{
    /// <summary>Subtracts the largest score first, so that exp never overflows; returns log Σ exp(score), which cross-entropy needs.</summary>
    public static T InPlace<T>(Span<T> scores)
        where T : IFloatingPointIeee754<T>
    {
        var max = T.NegativeInfinity;
        foreach (var score in scores)
            max = T.Max(max, score);
        var sum = T.Zero;
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = T.Exp(scores[k] - max);
            sum += scores[k];
        }
        for (var k = 0; k < scores.Length; k++)
            scores[k] /= sum;
        return max + T.Log(sum);
    }
}
