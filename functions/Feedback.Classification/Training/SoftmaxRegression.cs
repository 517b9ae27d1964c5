using Feedback.Classification.Model;

namespace Feedback.Classification.Training;

/// <summary>
/// Multinomial logistic regression with L2 regularization, fitted by L-BFGS. Parameters are laid out
/// as a column-major weight block (column c's weights at [c × K, (c + 1) × K)) followed by K biases;
/// biases are not regularized. The loss is the weighted mean cross-entropy.
/// </summary>
internal static class SoftmaxRegression
{
    public static MinimizationResult Fit(SparseDataset data, int[] rows, double regularization, int maxIterations, double[]? warmStart = null)
    {
        var parameterCount = (data.ColumnCount + 1) * data.ClassCount;
        var start = warmStart ?? new double[parameterCount];
        double totalWeight = 0;
        foreach (var row in rows)
            totalWeight += data.Weights[row];
        return Lbfgs.Minimize((x, gradient) => Loss(data, rows, totalWeight, regularization, x, gradient), start, maxIterations);
    }

    /// <summary>Class probabilities of one dataset row under the given parameters.</summary>
    public static void Predict(SparseDataset data, int row, ReadOnlySpan<double> parameters, Span<double> probabilities)
    {
        Scores(data, row, parameters, probabilities);
        Softmax.InPlace<double>(probabilities);
    }

    private static double Loss(SparseDataset data, int[] rows, double totalWeight, double regularization, ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var k = data.ClassCount;
        var biasOffset = data.ColumnCount * k;
        gradient.Clear();
        Span<double> probabilities = stackalloc double[k];
        double loss = 0;
        foreach (var row in rows)
        {
            Scores(data, row, parameters, probabilities);
            var label = data.Labels[row];
            var labelScore = probabilities[label];
            var logSumExp = Softmax.InPlace<double>(probabilities);
            var weight = data.Weights[row] / totalWeight;
            loss += weight * (logSumExp - labelScore);
            probabilities[label] -= 1;
            for (var c = 0; c < k; c++)
                probabilities[c] *= weight;
            for (var j = data.RowStarts[row]; j < data.RowStarts[row + 1]; j++)
            {
                var value = data.Values[j];
                var block = gradient.Slice(data.Columns[j] * k, k);
                for (var c = 0; c < k; c++)
                    block[c] += probabilities[c] * value;
            }
            var biasGradient = gradient.Slice(biasOffset, k);
            for (var c = 0; c < k; c++)
                biasGradient[c] += probabilities[c];
        }

        double squaredNorm = 0;
        for (var i = 0; i < biasOffset; i++)
        {
            squaredNorm += parameters[i] * parameters[i];
            gradient[i] += regularization * parameters[i];
        }
        return loss + 0.5 * regularization * squaredNorm;
    }

    private static void Scores(SparseDataset data, int row, ReadOnlySpan<double> parameters, Span<double> scores)
    {
        var k = data.ClassCount;
        parameters.Slice(data.ColumnCount * k, k).CopyTo(scores);
        for (var j = data.RowStarts[row]; j < data.RowStarts[row + 1]; j++)
        {
            var value = data.Values[j];
            var block = parameters.Slice(data.Columns[j] * k, k);
            for (var c = 0; c < k; c++)
                scores[c] += block[c] * value;
        }
    }
}
