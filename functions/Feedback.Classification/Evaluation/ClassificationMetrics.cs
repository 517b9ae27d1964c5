using Microsoft.ML;
using Microsoft.ML.Data;

namespace Feedback.Classification.Evaluation;

public sealed record ClassScore(string Key, double Precision, double Recall, double F1, int Support, int Predicted);

/// <summary>
/// ML.NET's multiclass metrics of a set of predictions (accuracy, per-class precision and recall, the
/// confusion matrix), with the per-class F1 and the macro-F1 the project's targets are stated in.
/// </summary>
public sealed class ClassificationMetrics
{
    private readonly int[,] _counts;
    private readonly ClassScore[] _perClass;

    private ClassificationMetrics(IReadOnlyList<string> classes, int[,] counts, double accuracy, IReadOnlyList<double> precision, IReadOnlyList<double> recall)
    {
        Classes = classes;
        _counts = counts;
        Accuracy = accuracy;
        _perClass = new ClassScore[classes.Count];
        for (var c = 0; c < classes.Count; c++)
        {
            int support = 0, predicted = 0;
            for (var other = 0; other < classes.Count; other++)
            {
                support += counts[c, other];
                predicted += counts[other, c];
                Total += counts[c, other];
            }
            // ML.NET leaves precision undefined (NaN) for a class never predicted, and recall for one never present.
            var p = predicted == 0 || double.IsNaN(precision[c]) ? 0 : precision[c];
            var r = support == 0 || double.IsNaN(recall[c]) ? 0 : recall[c];
            _perClass[c] = new ClassScore(classes[c], p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), support, predicted);
        }
    }

    /// <summary>Scores each row's top class against its actual class (indices into <paramref name="classes"/>) with ML.NET's evaluator.</summary>
    public static ClassificationMetrics Evaluate(IReadOnlyList<string> classes, IReadOnlyList<(int Actual, float[] Probabilities)> rows)
    {
        if (rows.Count == 0)
            return new ClassificationMetrics(classes, new int[classes.Count, classes.Count], 0, new double[classes.Count], new double[classes.Count]);
        var context = new MLContext(seed: 0);
        var schema = SchemaDefinition.Create(typeof(EvaluatedRow), SchemaDefinition.Direction.Read);
        schema[nameof(EvaluatedRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes.Count);
        schema[nameof(EvaluatedRow.PredictedLabel)].ColumnType = new KeyDataViewType(typeof(uint), classes.Count);
        schema[nameof(EvaluatedRow.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes.Count);
        var data = context.Data.LoadFromEnumerable(rows.Select(row => new EvaluatedRow
        {
            Label = (uint)row.Actual,
            PredictedLabel = (uint)ArgMax(row.Probabilities),
            Score = row.Probabilities,
        }), schema);
        var metrics = context.MulticlassClassification.Evaluate(data, nameof(EvaluatedRow.Label), nameof(EvaluatedRow.Score), nameof(EvaluatedRow.PredictedLabel));
        var matrix = metrics.ConfusionMatrix;
        var counts = new int[classes.Count, classes.Count];
        for (var actual = 0; actual < matrix.Counts.Count; actual++)
        {
            for (var predicted = 0; predicted < matrix.Counts[actual].Count; predicted++)
                counts[actual, predicted] = (int)matrix.Counts[actual][predicted];
        }
        return new ClassificationMetrics(classes, counts, metrics.MicroAccuracy, matrix.PerClassPrecision, matrix.PerClassRecall);
    }

    public IReadOnlyList<string> Classes { get; }

    public int Total { get; }

    /// <summary>Share of rows whose top class is their class (ML.NET's micro-accuracy).</summary>
    public double Accuracy { get; }

    /// <summary>How many rows of class <paramref name="actual"/> were given <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => _counts[actual, predicted];

    public IReadOnlyList<ClassScore> PerClass() => _perClass;

    /// <summary>Unweighted mean F1 over the classes that occur in the labels or the predictions.</summary>
    public double MacroF1()
    {
        var present = _perClass.Where(score => score.Support > 0 || score.Predicted > 0).ToList();
        return present.Count == 0 ? 0 : present.Average(score => score.F1);
    }

    internal static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }

    /// <summary>A prediction as ML.NET's evaluator reads it; key fields are written 0-based.</summary>
    private sealed class EvaluatedRow
    {
        public uint Label;

        public uint PredictedLabel;

        public float[] Score = [];
    }
}
