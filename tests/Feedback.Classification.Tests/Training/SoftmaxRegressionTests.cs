using Feedback.Classification.Training;

namespace Feedback.Classification.Tests.Training;

public class SoftmaxRegressionTests
{
    private const int Classes = 3;

    /// <summary>Eight rows over hashed buckets 5, 10, 20, 30, 40: bucket 10 marks class 0, 20 class 1, 30 class 2; 5 and 40 are shared noise.</summary>
    private static SparseDataset Separable(double[]? weights = null)
    {
        (int[], float[])[] rows =
        [
            ([5, 10], [1f, 1f]),
            ([10], [1f]),
            ([10, 40], [0.5f, 1f]),
            ([20], [1f]),
            ([5, 20], [0.3f, 1f]),
            ([30], [1f]),
            ([30, 40], [1f, 1f]),
            ([5, 30], [1f, 0.7f]),
        ];
        int[] labels = [0, 0, 0, 1, 1, 2, 2, 2];
        return SparseDataset.Build(rows, labels, weights ?? Enumerable.Repeat(1.0, labels.Length).ToArray(), Classes);
    }

    private static int[] AllRows(SparseDataset data) => Enumerable.Range(0, data.RowCount).ToArray();

    /// <summary>The loss as documented: weighted mean cross-entropy plus ½ λ ‖weights‖², biases not regularized.</summary>
    private static double ExpectedLoss(SparseDataset data, int[] rows, double regularization, double[] parameters)
    {
        var k = data.ClassCount;
        var biasOffset = data.ColumnCount * k;
        var totalWeight = rows.Sum(row => data.Weights[row]);
        double loss = 0;
        foreach (var row in rows)
        {
            var scores = new double[k];
            for (var c = 0; c < k; c++)
                scores[c] = parameters[biasOffset + c];
            for (var j = data.RowStarts[row]; j < data.RowStarts[row + 1]; j++)
            {
                for (var c = 0; c < k; c++)
                    scores[c] += parameters[data.Columns[j] * k + c] * data.Values[j];
            }
            var logSumExp = Math.Log(scores.Sum(Math.Exp));
            loss += data.Weights[row] / totalWeight * (logSumExp - scores[data.Labels[row]]);
        }
        var squaredNorm = parameters.Take(biasOffset).Sum(value => value * value);
        return loss + 0.5 * regularization * squaredNorm;
    }

    /// <summary>The training loss at a point, read through Fit: with no iterations it reports the value at its start.</summary>
    private static double LossAt(SparseDataset data, int[] rows, double regularization, double[] parameters) =>
        SoftmaxRegression.Fit(data, rows, regularization, maxIterations: 0, warmStart: parameters).Value;

    private static double[] RandomParameters(SparseDataset data, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, (data.ColumnCount + 1) * data.ClassCount).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    private static double WeightNorm(SparseDataset data, double[] parameters) =>
        Math.Sqrt(parameters.Take(data.ColumnCount * data.ClassCount).Sum(value => value * value));

    [Fact]
    public void Build_makes_one_column_per_bucket_used_in_bucket_order()
    {
        var data = Separable();

        Assert.Equal([5, 10, 20, 30, 40], data.ColumnBuckets);
        Assert.Equal(8, data.RowCount);
        Assert.Equal(Classes, data.ClassCount);
        Assert.Equal(5, data.ColumnCount);
    }

    [Fact]
    public void Build_keeps_every_row_entry()
    {
        var data = Separable();

        var thirdRow = Enumerable.Range(data.RowStarts[2], data.RowStarts[3] - data.RowStarts[2])
            .Select(j => (data.ColumnBuckets[data.Columns[j]], data.Values[j]));
        Assert.Equal([(10, 0.5f), (40, 1f)], thirdRow);
        Assert.Equal(data.Columns.Length, data.RowStarts[^1]);
        Assert.Equal(0, data.RowStarts[0]);
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 1e-3)]
    [InlineData(3, 0.5)]
    public void The_loss_is_the_weighted_mean_cross_entropy_plus_the_L2_penalty(int seed, double regularization)
    {
        var data = Separable([1, 2, 0.5, 1, 3, 1, 1, 0.25]);
        int[] rows = [0, 2, 3, 4, 6, 7];
        var parameters = RandomParameters(data, seed);

        Assert.Equal(ExpectedLoss(data, rows, regularization, parameters), LossAt(data, rows, regularization, parameters), 1e-9);
    }

    [Fact]
    public void At_zero_parameters_the_loss_is_log_of_the_class_count()
    {
        var data = Separable();

        Assert.Equal(Math.Log(Classes), LossAt(data, AllRows(data), 0.1, new double[(data.ColumnCount + 1) * Classes]), 1e-12);
    }

    [Theory]
    [InlineData(4, 0.0)]
    [InlineData(5, 1e-2)]
    [InlineData(6, 1.0)]
    public void The_analytic_gradient_matches_finite_differences_of_the_loss(int seed, double regularization)
    {
        // L-BFGS's first step runs down the analytic gradient: x₁ = x₀ − t·g for some step t > 0.
        // So x₀ − x₁ must point the way the finite-difference gradient of the loss does.
        var data = Separable([1, 2, 0.5, 1, 3, 1, 1, 0.25]);
        int[] rows = [0, 1, 3, 4, 5, 7];
        var start = RandomParameters(data, seed);

        var firstStep = SoftmaxRegression.Fit(data, rows, regularization, maxIterations: 1, warmStart: start);

        const double h = 1e-6;
        var numeric = new double[start.Length];
        for (var i = 0; i < start.Length; i++)
        {
            var plus = (double[])start.Clone();
            var minus = (double[])start.Clone();
            plus[i] += h;
            minus[i] -= h;
            numeric[i] = (LossAt(data, rows, regularization, plus) - LossAt(data, rows, regularization, minus)) / (2 * h);
        }
        var analytic = start.Zip(firstStep.Minimizer, (before, after) => before - after).ToArray();
        var numericNorm = Math.Sqrt(numeric.Sum(value => value * value));
        var analyticNorm = Math.Sqrt(analytic.Sum(value => value * value));
        Assert.True(analyticNorm > 0, "the first step did not move");
        for (var i = 0; i < start.Length; i++)
            Assert.Equal(numeric[i] / numericNorm, analytic[i] / analyticNorm, 1e-6);
    }

    [Theory]
    [InlineData(1e-2)]
    [InlineData(1e-1)]
    public void The_fitted_parameters_are_a_stationary_point_of_the_loss(double regularization)
    {
        // A wrong analytic gradient sends L-BFGS somewhere the finite-difference gradient is not zero.
        var data = Separable([1, 2, 0.5, 1, 3, 1, 1, 0.25]);
        var rows = AllRows(data);
        var fit = SoftmaxRegression.Fit(data, rows, regularization, maxIterations: 500);

        const double h = 1e-5;
        double squaredNorm = 0;
        for (var i = 0; i < fit.Minimizer.Length; i++)
        {
            var plus = (double[])fit.Minimizer.Clone();
            var minus = (double[])fit.Minimizer.Clone();
            plus[i] += h;
            minus[i] -= h;
            var derivative = (ExpectedLoss(data, rows, regularization, plus) - ExpectedLoss(data, rows, regularization, minus)) / (2 * h);
            squaredNorm += derivative * derivative;
        }
        Assert.True(Math.Sqrt(squaredNorm) < 1e-3, $"finite-difference gradient norm {Math.Sqrt(squaredNorm)} at the fitted parameters");
    }

    [Fact]
    public void On_separable_data_every_training_row_is_predicted_correctly()
    {
        var data = Separable();
        var fit = SoftmaxRegression.Fit(data, AllRows(data), 1e-4, maxIterations: 300);

        Span<double> probabilities = stackalloc double[Classes];
        for (var row = 0; row < data.RowCount; row++)
        {
            SoftmaxRegression.Predict(data, row, fit.Minimizer, probabilities);
            var predicted = probabilities.IndexOf(Max(probabilities));
            Assert.Equal(data.Labels[row], predicted);
            Assert.Equal(1, Sum(probabilities), 1e-9);
        }
    }

    [Fact]
    public void Fit_lowers_the_loss()
    {
        var data = Separable();
        var rows = AllRows(data);
        var start = new double[(data.ColumnCount + 1) * Classes];

        var fit = SoftmaxRegression.Fit(data, rows, 1e-3, maxIterations: 100);

        Assert.True(fit.Value < LossAt(data, rows, 1e-3, start));
        Assert.Equal(ExpectedLoss(data, rows, 1e-3, fit.Minimizer), fit.Value, 1e-9);
    }

    [Fact]
    public void Stronger_regularization_gives_smaller_weights()
    {
        var data = Separable();
        var rows = AllRows(data);

        var weak = SoftmaxRegression.Fit(data, rows, 1e-3, maxIterations: 300);
        var strong = SoftmaxRegression.Fit(data, rows, 1e-1, maxIterations: 300);
        var strongest = SoftmaxRegression.Fit(data, rows, 1, maxIterations: 300);

        Assert.True(WeightNorm(data, strong.Minimizer) < WeightNorm(data, weak.Minimizer));
        Assert.True(WeightNorm(data, strongest.Minimizer) < WeightNorm(data, strong.Minimizer));
    }

    [Fact]
    public void Rows_left_out_do_not_count()
    {
        var data = Separable();
        int[] withoutClassTwo = [0, 1, 2, 3, 4];

        var fit = SoftmaxRegression.Fit(data, withoutClassTwo, 1e-3, maxIterations: 300);

        Span<double> probabilities = stackalloc double[Classes];
        foreach (var row in withoutClassTwo)
        {
            SoftmaxRegression.Predict(data, row, fit.Minimizer, probabilities);
            Assert.True(probabilities[2] < 0.1, $"row {row}: p(class 2) = {probabilities[2]} though no class-2 row was trained on");
        }
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var value in values)
            max = Math.Max(max, value);
        return max;
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var value in values)
            sum += value;
        return sum;
    }
}
