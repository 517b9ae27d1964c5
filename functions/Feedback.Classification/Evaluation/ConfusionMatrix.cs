namespace Feedback.Classification.Evaluation;

public sealed record ClassScore(string Key, double Precision, double Recall, double F1, int Support, int Predicted);

/// <summary>Counts of (actual, predicted) pairs, and the usual figures drawn from them.</summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    public ConfusionMatrix(IReadOnlyList<string> classes)
    {
        Classes = classes;
        _counts = new int[classes.Count, classes.Count];
    }

    public IReadOnlyList<string> Classes { get; }

    public int Total { get; private set; }

    public int Correct { get; private set; }

    public int this[int actual, int predicted] => _counts[actual, predicted];

    public void Add(int actual, int predicted)
    {
        _counts[actual, predicted]++;
        Total++;
        if (actual == predicted)
            Correct++;
    }

    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public IReadOnlyList<ClassScore> PerClass()
    {
        var scores = new ClassScore[Classes.Count];
        for (var c = 0; c < Classes.Count; c++)
        {
            int support = 0, predicted = 0;
            for (var other = 0; other < Classes.Count; other++)
            {
                support += _counts[c, other];
                predicted += _counts[other, c];
            }
            var truePositives = _counts[c, c];
            var precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            var recall = support == 0 ? 0 : (double)truePositives / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores[c] = new ClassScore(Classes[c], precision, recall, f1, support, predicted);
        }
        return scores;
    }

    /// <summary>Unweighted mean F1 over the classes that occur in the labels or the predictions.</summary>
    public double MacroF1()
    {
        var present = PerClass().Where(score => score.Support > 0 || score.Predicted > 0).ToList();
        return present.Count == 0 ? 0 : present.Average(score => score.F1);
    }
}
