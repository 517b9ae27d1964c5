using Feedback.Classification.Evaluation;

namespace Feedback.Classification.Tests.Evaluation;

public class ClassificationMetricsTests
{
    private static readonly string[] Classes = ["a", "b", "c", "d", "e"];

    /// <summary>
    /// actual a: predicted a ×3, b ×1, d ×1 · actual b: b ×2, a ×1 · actual c: a ×2.
    /// c is never predicted, d is predicted but never present, e neither.
    /// </summary>
    private static ClassificationMetrics Sample() => Metrics(Classes, (0, 0, 3), (0, 1, 1), (0, 3, 1), (1, 1, 2), (1, 0, 1), (2, 0, 2));

    /// <summary>Rows whose top class is the predicted one, the others sharing what is left.</summary>
    private static ClassificationMetrics Metrics(string[] classes, params (int Actual, int Predicted, int Times)[] cells) =>
        ClassificationMetrics.Evaluate(classes, cells.SelectMany(cell => Enumerable.Repeat((cell.Actual, Probabilities(classes.Length, cell.Predicted)), cell.Times)).ToArray());

    private static float[] Probabilities(int classes, int top)
    {
        var probabilities = Enumerable.Repeat(0.1f / (classes - 1), classes).ToArray();
        probabilities[top] = 0.9f;
        return probabilities;
    }

    [Fact]
    public void Counts_every_pair()
    {
        var matrix = Sample();

        Assert.Equal(10, matrix.Total);
        Assert.Equal(3, matrix[0, 0]);
        Assert.Equal(1, matrix[0, 3]);
        Assert.Equal(2, matrix[2, 0]);
        Assert.Equal(0, matrix[2, 2]);
        Assert.Equal(Classes, matrix.Classes);
    }

    [Fact]
    public void Accuracy_is_the_share_of_correct_pairs() => Assert.Equal(0.5, Sample().Accuracy, 12);

    // key, precision, recall, F1, support, predicted — worked out by hand from the sample.
    [Theory]
    [InlineData(0, "a", 3.0 / 6, 3.0 / 5, 6.0 / 11, 5, 6)]
    [InlineData(1, "b", 2.0 / 3, 2.0 / 3, 2.0 / 3, 3, 3)]
    [InlineData(2, "c", 0.0, 0.0, 0.0, 2, 0)]
    [InlineData(3, "d", 0.0, 0.0, 0.0, 0, 1)]
    [InlineData(4, "e", 0.0, 0.0, 0.0, 0, 0)]
    public void Per_class_figures_match_hand_computed_values(int index, string key, double precision, double recall, double f1, int support, int predicted)
    {
        var score = Sample().PerClass()[index];

        Assert.Equal(key, score.Key);
        Assert.Equal(precision, score.Precision, 12);
        Assert.Equal(recall, score.Recall, 12);
        Assert.Equal(f1, score.F1, 12);
        Assert.Equal(support, score.Support);
        Assert.Equal(predicted, score.Predicted);
    }

    [Fact]
    public void Macro_F1_averages_the_classes_present_or_predicted()
    {
        // (6/11 + 2/3 + 0 for c + 0 for d) / 4; e takes no part.
        Assert.Equal(10.0 / 33, Sample().MacroF1(), 12);
    }

    [Fact]
    public void Perfect_predictions_score_one_everywhere()
    {
        var matrix = Metrics(Classes, (0, 0, 2), (1, 1, 1), (2, 2, 3));

        Assert.Equal(1, matrix.Accuracy);
        Assert.Equal(1, matrix.MacroF1());
        Assert.All(matrix.PerClass().Where(score => score.Support > 0), score => Assert.Equal((1.0, 1.0, 1.0), (score.Precision, score.Recall, score.F1)));
    }

    [Fact]
    public void An_empty_set_scores_zero()
    {
        var matrix = ClassificationMetrics.Evaluate(Classes, []);

        Assert.Equal(0, matrix.Total);
        Assert.Equal(0, matrix.Accuracy);
        Assert.Equal(0, matrix.MacroF1());
        Assert.All(matrix.PerClass(), score => Assert.Equal(0, score.F1));
    }

    [Fact]
    public void Always_predicting_one_class()
    {
        var matrix = Metrics(["x", "y"], (0, 0, 3), (1, 0, 1));

        var x = matrix.PerClass()[0];
        Assert.Equal(0.75, x.Precision, 12);
        Assert.Equal(1, x.Recall, 12);
        Assert.Equal(2 * 0.75 / 1.75, x.F1, 12);
        Assert.Equal(0.75, matrix.Accuracy, 12);
        Assert.Equal(0.75 / 1.75, matrix.MacroF1(), 12);
    }
}
