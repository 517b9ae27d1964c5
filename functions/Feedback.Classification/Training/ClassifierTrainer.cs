using System.Security.Cryptography;
using System.Text;
using Feedback.Classification.Evaluation;
using Feedback.Classification.Features;
using Feedback.Classification.Model;
using Feedback.Classification.Normalization;
using Feedback.Classification.Taxonomy;

namespace Feedback.Classification.Training;

/// <summary>
/// Trains both models from labelled files: features and idf from all rows, the L2 strength of each model
/// chosen by stratified k-fold cross-validation, the low-confidence threshold from the out-of-fold
/// predictions on the team's corpus, then a final fit on all rows. Sentiment-only rows (an external,
/// binary data set) take part in the sentiment folds; the sentiment model's strength is chosen on the mean
/// of the corpus's macro-F1 and the external rows' negative-vs-positive accuracy, both out-of-fold, since
/// both are targets of the product. Deterministic for a given seed.
/// </summary>
public static class ClassifierTrainer
{
    private static readonly double[] ThresholdCandidates = Enumerable.Range(0, 14).Select(i => 0.30 + 0.05 * i).ToArray();

    public static ClassifierModel Train(IReadOnlyList<TrainingSourceFile> sources, TrainerOptions options, Action<string>? log = null)
    {
        log ??= _ => { };
        var rows = FlattenRows(sources, options);
        if (rows.Count(row => row.Topic >= 0) < options.Folds * FeedbackTaxonomy.TopicKeys.Count)
            throw new TrainingDataException($"too few topic-labelled rows to train and cross-validate: {rows.Count(row => row.Topic >= 0)}, need at least {options.Folds * FeedbackTaxonomy.TopicKeys.Count} ({options.Folds} folds × {FeedbackTaxonomy.TopicKeys.Count} topics)");

        var extractor = new FeatureExtractor(options.Features);
        var counted = CountFeatures(rows, extractor);
        var documentFrequency = DocumentFrequency(counted, options.Features.Dimension);
        var idf = InverseDocumentFrequency(documentFrequency, counted.Count);
        // Scale each message over all its features, as classification does, and only then leave out the rare ones.
        foreach (var (buckets, values) in counted)
            FeatureExtractor.Weight(idf, buckets, values);
        counted = DropRareFeatures(counted, documentFrequency, options.MinDocumentFrequency);
        log($"features: {rows.Count} rows, {options.Features.Dimension} hashed buckets");

        var sentimentRows = Enumerable.Range(0, rows.Count).ToArray();
        var topicRows = sentimentRows.Where(i => rows[i].Topic >= 0).ToArray();
        var sentiment = BuildDataset(counted, rows, sentimentRows, row => row.Sentiment, FeedbackTaxonomy.SentimentKeys.Count);
        var topic = BuildDataset(counted, rows, topicRows, row => row.Topic, FeedbackTaxonomy.TopicKeys.Count);
        var grid = options.RegularizationGrid.OrderByDescending(value => value).ToArray();
        var sentimentSearch = new ModelSearch("sentiment", sentiment, sentimentRows.Select(row => rows[row].External).ToArray(), FeedbackTaxonomy.SentimentKeys);
        var topicSearch = new ModelSearch("topic", topic, new bool[topicRows.Length], FeedbackTaxonomy.TopicKeys);
        CrossValidate([sentimentSearch, topicSearch], grid, options, log);

        var fits = new MinimizationResult[2];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, i =>
        {
            var search = i == 0 ? sentimentSearch : topicSearch;
            fits[i] = SoftmaxRegression.Fit(search.Data, Enumerable.Range(0, search.Data.RowCount).ToArray(), search.BestRegularization, options.MaxIterations);
        });
        log($"final fits: sentiment {Describe(fits[0])}, topic {Describe(fits[1])}");

        var header = new ModelHeader
        {
            FormatVersion = ModelFile.FormatVersion,
            SentimentKeys = FeedbackTaxonomy.SentimentKeys,
            TopicKeys = FeedbackTaxonomy.TopicKeys,
            Features = FeatureSettings.From(options.Features),
            TrainingData = new TrainingDataInfo(
                CombinedHash(sources),
                sources.Select(source => new TrainingSource(source.DisplayPath, source.Messages.Count, source.Sha256, source.SentimentOnly, source.SentimentOnly ? options.SentimentOnlySourceWeight : 1)).ToArray()),
            Training = new TrainingSettings(options.Seed, options.Folds, grid, sentimentSearch.BestRegularization, topicSearch.BestRegularization, options.SentimentOnlySourceWeight, options.MaxIterations),
            Metrics = new TrainingMetrics(
                sentimentSearch.Metrics(fits[0].Iterations, options.ConfidentAccuracyTarget),
                topicSearch.Metrics(fits[1].Iterations, options.ConfidentAccuracyTarget)),
        };
        var (sentimentWeights, sentimentBias) = Unpack(sentiment, fits[0].Minimizer, options.Features.Dimension);
        var (topicWeights, topicBias) = Unpack(topic, fits[1].Minimizer, options.Features.Dimension);
        return ClassifierModel.Pack(header, idf, sentimentWeights, sentimentBias, topicWeights, topicBias);
    }

    /// <summary>A row to train on; <see cref="External"/> rows come from a sentiment-only source.</summary>
    private sealed record TrainingRow(string Normalized, int Sentiment, int Topic, double SourceWeight, bool External);

    private static List<TrainingRow> FlattenRows(IReadOnlyList<TrainingSourceFile> sources, TrainerOptions options)
    {
        var rows = new List<TrainingRow>();
        foreach (var source in sources)
        {
            var weight = source.SentimentOnly ? options.SentimentOnlySourceWeight : 1;
            foreach (var message in source.Messages)
            {
                var topic = message.Topic is null ? -1 : FeedbackTaxonomy.TopicIndex(message.Topic);
                rows.Add(new TrainingRow(PersianNormalizer.Normalize(message.Text), FeedbackTaxonomy.SentimentIndex(message.Sentiment), topic, weight, source.SentimentOnly));
            }
        }
        return rows;
    }

    private static List<(int[] Buckets, float[] Values)> CountFeatures(List<TrainingRow> rows, FeatureExtractor extractor)
    {
        var buffer = new FeatureBuffer();
        var counted = new List<(int[], float[])>(rows.Count);
        foreach (var row in rows)
        {
            extractor.CountFeatures(row.Normalized, buffer);
            counted.Add((buffer.Indices.ToArray(), buffer.Values.ToArray()));
        }
        return counted;
    }

    private static int[] DocumentFrequency(List<(int[] Buckets, float[] Values)> counted, int dimension)
    {
        var documentFrequency = new int[dimension];
        foreach (var (buckets, _) in counted)
        {
            foreach (var bucket in buckets)
                documentFrequency[bucket]++;
        }
        return documentFrequency;
    }

    /// <summary>Smoothed idf, ln((1 + n) / (1 + df)) + 1; buckets never seen get the largest value.</summary>
    private static float[] InverseDocumentFrequency(int[] documentFrequency, int documents)
    {
        var idf = new float[documentFrequency.Length];
        for (var bucket = 0; bucket < idf.Length; bucket++)
            idf[bucket] = (float)(Math.Log((1.0 + documents) / (1.0 + documentFrequency[bucket])) + 1);
        return idf;
    }

    /// <summary>
    /// Features seen in fewer than <paramref name="minimum"/> training messages get no weight: they can only
    /// fit noise. They were part of each message's unit-length scaling, as they are at classification time.
    /// </summary>
    private static List<(int[] Buckets, float[] Values)> DropRareFeatures(List<(int[] Buckets, float[] Values)> counted, int[] documentFrequency, int minimum)
    {
        if (minimum <= 1)
            return counted;
        return counted.Select(row =>
        {
            var keep = Enumerable.Range(0, row.Buckets.Length).Where(i => documentFrequency[row.Buckets[i]] >= minimum).ToArray();
            return (keep.Select(i => row.Buckets[i]).ToArray(), keep.Select(i => row.Values[i]).ToArray());
        }).ToList();
    }

    /// <summary>Row weight = source weight × a class weight that gives every class the same total weight.</summary>
    private static SparseDataset BuildDataset(List<(int[] Buckets, float[] Values)> counted, List<TrainingRow> rows, int[] selected, Func<TrainingRow, int> label, int classCount)
    {
        var labels = selected.Select(i => label(rows[i])).ToArray();
        var classTotals = new double[classCount];
        for (var i = 0; i < selected.Length; i++)
            classTotals[labels[i]] += rows[selected[i]].SourceWeight;
        var total = classTotals.Sum();
        var present = classTotals.Count(value => value > 0);
        var weights = new double[selected.Length];
        for (var i = 0; i < selected.Length; i++)
            weights[i] = rows[selected[i]].SourceWeight * total / (present * classTotals[labels[i]]);
        return SparseDataset.Build(selected.Select(i => counted[i]).ToArray(), labels, weights, classCount);
    }

    /// <summary>
    /// The cross-validation state of one model: its data, which rows are external (scored only by their
    /// negative-vs-positive decision), and the out-of-fold probabilities of every row per L2 strength.
    /// </summary>
    private sealed class ModelSearch(string name, SparseDataset data, bool[] external, IReadOnlyList<string> classes)
    {
        private readonly int _negative = FeedbackTaxonomy.SentimentIndex("negative");
        private readonly int _positive = FeedbackTaxonomy.SentimentIndex("positive");

        public string Name { get; } = name;

        public SparseDataset Data { get; } = data;

        public IReadOnlyList<string> Classes { get; } = classes;

        public bool HasExternalRows { get; } = external.Any(isExternal => isExternal);

        /// <summary>[grid index][row × classes + class]</summary>
        public double[][] OutOfFold { get; private set; } = [];

        public int BestIndex { get; private set; }

        public double BestRegularization { get; private set; }

        public void Start(int gridSize) => OutOfFold = Enumerable.Range(0, gridSize).Select(_ => new double[Data.RowCount * Data.ClassCount]).ToArray();

        public ConfusionMatrix CorpusConfusion(int gridIndex)
        {
            var matrix = new ConfusionMatrix(Classes);
            var k = Classes.Count;
            for (var row = 0; row < Data.RowCount; row++)
            {
                if (!external[row])
                    matrix.Add(Data.Labels[row], ArgMax(OutOfFold[gridIndex].AsSpan(row * k, k)));
            }
            return matrix;
        }

        public double ExternalBinaryAccuracy(int gridIndex)
        {
            var k = Classes.Count;
            int total = 0, correct = 0;
            for (var row = 0; row < Data.RowCount; row++)
            {
                if (!external[row] || (Data.Labels[row] != _negative && Data.Labels[row] != _positive))
                    continue;
                var probabilities = OutOfFold[gridIndex].AsSpan(row * k, k);
                var decision = probabilities[_negative] >= probabilities[_positive] ? _negative : _positive;
                total++;
                if (decision == Data.Labels[row])
                    correct++;
            }
            return total == 0 ? 0 : (double)correct / total;
        }

        public string Describe(int gridIndex) => HasExternalRows
            ? $"corpus macro-F1 {CorpusConfusion(gridIndex).MacroF1():0.0000}, external binary accuracy {ExternalBinaryAccuracy(gridIndex):0.0000}"
            : $"macro-F1 {CorpusConfusion(gridIndex).MacroF1():0.0000}";

        public void Choose(double[] grid)
        {
            var scores = Enumerable.Range(0, grid.Length)
                .Select(g => HasExternalRows ? (CorpusConfusion(g).MacroF1() + ExternalBinaryAccuracy(g)) / 2 : CorpusConfusion(g).MacroF1())
                .ToArray();
            BestIndex = 0;
            for (var g = 1; g < grid.Length; g++)
            {
                if (scores[g] > scores[BestIndex] + 1e-9)
                    BestIndex = g;
            }
            BestRegularization = grid[BestIndex];
        }

        public ModelMetrics Metrics(int iterations, double confidentAccuracyTarget)
        {
            var matrix = CorpusConfusion(BestIndex);
            var (threshold, share) = LowConfidenceThreshold(confidentAccuracyTarget);
            return new ModelMetrics(
                matrix.Total,
                Round(matrix.Accuracy),
                Round(matrix.MacroF1()),
                HasExternalRows ? Round(ExternalBinaryAccuracy(BestIndex)) : null,
                threshold,
                Round(share),
                iterations);
        }

        private (double Threshold, double Share) LowConfidenceThreshold(double target)
        {
            var k = Classes.Count;
            var predictions = Enumerable.Range(0, Data.RowCount).Where(row => !external[row]).Select(row =>
            {
                var span = OutOfFold[BestIndex].AsSpan(row * k, k);
                var best = ArgMax(span);
                return (Confidence: span[best], Correct: best == Data.Labels[row]);
            }).ToArray();
            foreach (var threshold in ThresholdCandidates)
            {
                var confident = predictions.Where(prediction => prediction.Confidence >= threshold).ToArray();
                if (confident.Length > 0 && confident.Count(prediction => prediction.Correct) >= target * confident.Length)
                    return (Round(threshold), (double)(predictions.Length - confident.Length) / predictions.Length);
            }
            var highest = ThresholdCandidates[^1];
            return (Round(highest), (double)predictions.Count(prediction => prediction.Confidence < highest) / predictions.Length);
        }
    }

    private static void CrossValidate(ModelSearch[] searches, double[] grid, TrainerOptions options, Action<string> log)
    {
        var jobs = new List<(ModelSearch Search, int[] TrainRows, int[] ValidationRows)>();
        foreach (var search in searches)
        {
            search.Start(grid.Length);
            var folds = StratifiedFolds(search.Data.Labels, options.Folds, options.Seed);
            for (var fold = 0; fold < options.Folds; fold++)
            {
                var validation = Enumerable.Range(0, search.Data.RowCount).Where(row => folds[row] == fold).ToArray();
                var train = Enumerable.Range(0, search.Data.RowCount).Where(row => folds[row] != fold).ToArray();
                jobs.Add((search, train, validation));
            }
        }

        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, j =>
        {
            var (search, train, validation) = jobs[j];
            var k = search.Data.ClassCount;
            double[]? warmStart = null;
            Span<double> probabilities = stackalloc double[k];
            for (var g = 0; g < grid.Length; g++)
            {
                var fit = SoftmaxRegression.Fit(search.Data, train, grid[g], options.MaxIterations, warmStart);
                warmStart = fit.Minimizer;
                foreach (var row in validation)
                {
                    SoftmaxRegression.Predict(search.Data, row, fit.Minimizer, probabilities);
                    probabilities.CopyTo(search.OutOfFold[g].AsSpan(row * k, k));
                }
            }
        });

        foreach (var search in searches)
        {
            search.Choose(grid);
            for (var g = 0; g < grid.Length; g++)
                log($"{search.Name}: L2 {grid[g]:0e0}: cross-validated {search.Describe(g)}");
            log($"{search.Name}: chose L2 {search.BestRegularization:0e0}");
        }
    }

    /// <summary>Fold of each position: positions of each class are shuffled with the seed and dealt round-robin.</summary>
    internal static int[] StratifiedFolds(int[] labels, int folds, int seed)
    {
        var random = new SplitMix64((ulong)seed);
        var assignment = new int[labels.Length];
        var next = 0;
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(group => group.Key))
        {
            var positions = group.ToArray();
            random.Shuffle(positions.AsSpan());
            foreach (var position in positions)
                assignment[position] = next++ % folds;
        }
        return assignment;
    }

    /// <summary>Weights per hashed bucket ([bucket × classes + class]) and biases, from the compact training parameters.</summary>
    private static (float[] Weights, float[] Bias) Unpack(SparseDataset data, double[] parameters, int dimension)
    {
        var k = data.ClassCount;
        var weights = new float[dimension * k];
        for (var column = 0; column < data.ColumnCount; column++)
        {
            var bucket = data.ColumnBuckets[column];
            for (var c = 0; c < k; c++)
                weights[bucket * k + c] = (float)parameters[column * k + c];
        }
        var bias = new float[k];
        for (var c = 0; c < k; c++)
            bias[c] = (float)parameters[data.ColumnCount * k + c];
        return (weights, bias);
    }

    private static string CombinedHash(IReadOnlyList<TrainingSourceFile> sources)
    {
        var joined = string.Join('\n', sources.Select(source => source.Sha256));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }

    private static double Round(double value) => Math.Round(value, 4);

    private static string Describe(MinimizationResult fit) =>
        $"{fit.Iterations} iterations{(fit.Converged ? "" : " (stopped before converging: raise MaxIterations)")}";
}
