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
/// chosen by stratified k-fold cross-validation on the team's corpus (rows with a topic), the
/// low-confidence threshold from the out-of-fold predictions, then a final fit on all rows.
/// Sentiment-only rows (an external data set) always stay in training and are never scored in
/// cross-validation, so the chosen settings serve citizen messages. Deterministic for a given seed.
/// </summary>
public static class ClassifierTrainer
{
    private static readonly double[] ThresholdCandidates = Enumerable.Range(0, 14).Select(i => 0.30 + 0.05 * i).ToArray();

    public static ClassifierModel Train(IReadOnlyList<TrainingSourceFile> sources, TrainerOptions options, Action<string>? log = null)
    {
        log ??= _ => { };
        var rows = FlattenRows(sources, options);
        if (rows.Count(row => row.Topic >= 0) < options.Folds * FeedbackTaxonomy.TopicKeys.Count)
            throw new InvalidOperationException($"too few topic-labelled rows to train and cross-validate ({rows.Count(row => row.Topic >= 0)})");

        var extractor = new FeatureExtractor(options.Features);
        var counted = CountFeatures(rows, extractor);
        var idf = InverseDocumentFrequency(counted, options.Features.Dimension);
        foreach (var (buckets, values) in counted)
            FeatureExtractor.Weight(idf, buckets, values);
        log($"features: {rows.Count} rows, {options.Features.Dimension} hashed buckets");

        var sentimentRows = Enumerable.Range(0, rows.Count).ToArray();
        var topicRows = sentimentRows.Where(i => rows[i].Topic >= 0).ToArray();
        var sentiment = BuildDataset(counted, rows, sentimentRows, row => row.Sentiment, FeedbackTaxonomy.SentimentKeys.Count);
        var topic = BuildDataset(counted, rows, topicRows, row => row.Topic, FeedbackTaxonomy.TopicKeys.Count);
        var sentimentPool = sentimentRows.Select((row, index) => (row, index)).Where(pair => rows[pair.row].Topic >= 0).Select(pair => pair.index).ToArray();
        var topicPool = Enumerable.Range(0, topicRows.Length).ToArray();

        var grid = options.RegularizationGrid.OrderByDescending(value => value).ToArray();
        var sentimentSearch = new ModelSearch("sentiment", sentiment, sentimentPool, FeedbackTaxonomy.SentimentKeys);
        var topicSearch = new ModelSearch("topic", topic, topicPool, FeedbackTaxonomy.TopicKeys);
        CrossValidate([sentimentSearch, topicSearch], grid, options, log);

        var fits = new MinimizationResult[2];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, i =>
        {
            var search = i == 0 ? sentimentSearch : topicSearch;
            fits[i] = SoftmaxRegression.Fit(search.Data, Enumerable.Range(0, search.Data.RowCount).ToArray(), search.BestRegularization, options.MaxIterations);
        });
        log($"final fits: sentiment {fits[0].Iterations} iterations, topic {fits[1].Iterations} iterations");

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
            Metrics = new TrainingMetrics(sentimentSearch.Metrics(fits[0].Iterations), topicSearch.Metrics(fits[1].Iterations)),
        };
        return new ClassifierModel(
            header,
            idf,
            ToLinearModel(sentiment, fits[0].Minimizer, FeedbackTaxonomy.SentimentKeys, header.Metrics.Sentiment.LowConfidenceThreshold, options.Features.Dimension),
            ToLinearModel(topic, fits[1].Minimizer, FeedbackTaxonomy.TopicKeys, header.Metrics.Topic.LowConfidenceThreshold, options.Features.Dimension));
    }

    private sealed record TrainingRow(string Normalized, int Sentiment, int Topic, double SourceWeight);

    private static List<TrainingRow> FlattenRows(IReadOnlyList<TrainingSourceFile> sources, TrainerOptions options)
    {
        var rows = new List<TrainingRow>();
        foreach (var source in sources)
        {
            var weight = source.SentimentOnly ? options.SentimentOnlySourceWeight : 1;
            foreach (var message in source.Messages)
            {
                var topic = message.Topic is null ? -1 : FeedbackTaxonomy.TopicIndex(message.Topic);
                rows.Add(new TrainingRow(PersianNormalizer.Normalize(message.Text), FeedbackTaxonomy.SentimentIndex(message.Sentiment), topic, weight));
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

    /// <summary>Smoothed idf, ln((1 + n) / (1 + df)) + 1; buckets never seen get the largest value.</summary>
    private static float[] InverseDocumentFrequency(List<(int[] Buckets, float[] Values)> counted, int dimension)
    {
        var documentFrequency = new int[dimension];
        foreach (var (buckets, _) in counted)
        {
            foreach (var bucket in buckets)
                documentFrequency[bucket]++;
        }
        var idf = new float[dimension];
        for (var bucket = 0; bucket < dimension; bucket++)
            idf[bucket] = (float)(Math.Log((1.0 + counted.Count) / (1.0 + documentFrequency[bucket])) + 1);
        return idf;
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

    /// <summary>The cross-validation state of one model: its data, the rows scored, and the out-of-fold predictions per L2 strength.</summary>
    private sealed class ModelSearch(string name, SparseDataset data, int[] pool, IReadOnlyList<string> classes)
    {
        public string Name { get; } = name;

        public SparseDataset Data { get; } = data;

        public int[] Pool { get; } = pool;

        public IReadOnlyList<string> Classes { get; } = classes;

        /// <summary>[grid index][pool position × classes + class]</summary>
        public double[][] OutOfFold { get; set; } = [];

        public double BestRegularization { get; set; }

        public int BestIndex { get; set; }

        public double[] MacroF1 { get; set; } = [];

        public ModelMetrics Metrics(int iterations)
        {
            var probabilities = OutOfFold[BestIndex];
            var matrix = Confusion(probabilities);
            var (threshold, share) = LowConfidenceThreshold(probabilities);
            return new ModelMetrics(Pool.Length, Round(matrix.Accuracy), Round(matrix.MacroF1()), threshold, Round(share), iterations);
        }

        public ConfusionMatrix Confusion(double[] probabilities)
        {
            var matrix = new ConfusionMatrix(Classes);
            var k = Classes.Count;
            for (var p = 0; p < Pool.Length; p++)
                matrix.Add(Data.Labels[Pool[p]], ArgMax(probabilities.AsSpan(p * k, k)));
            return matrix;
        }

        private (double Threshold, double Share) LowConfidenceThreshold(double[] probabilities)
        {
            var k = Classes.Count;
            var predictions = Enumerable.Range(0, Pool.Length).Select(p =>
            {
                var span = probabilities.AsSpan(p * k, k);
                var best = ArgMax(span);
                return (Confidence: span[best], Correct: best == Data.Labels[Pool[p]]);
            }).ToArray();
            foreach (var threshold in ThresholdCandidates)
            {
                var confident = predictions.Where(prediction => prediction.Confidence >= threshold).ToArray();
                if (confident.Length > 0 && confident.Count(prediction => prediction.Correct) >= ConfidentTarget * confident.Length)
                    return (Round(threshold), (double)(predictions.Length - confident.Length) / predictions.Length);
            }
            var highest = ThresholdCandidates[^1];
            return (Round(highest), (double)predictions.Count(prediction => prediction.Confidence < highest) / predictions.Length);
        }

        public double ConfidentTarget { get; set; }
    }

    private static void CrossValidate(ModelSearch[] searches, double[] grid, TrainerOptions options, Action<string> log)
    {
        var jobs = new List<(ModelSearch Search, int[] TrainRows, int[] ValidationPositions)>();
        foreach (var search in searches)
        {
            search.ConfidentTarget = options.ConfidentAccuracyTarget;
            search.OutOfFold = grid.Select(_ => new double[search.Pool.Length * search.Data.ClassCount]).ToArray();
            var folds = StratifiedFolds(search.Pool.Select(row => search.Data.Labels[row]).ToArray(), options.Folds, options.Seed);
            var inPool = new bool[search.Data.RowCount];
            foreach (var row in search.Pool)
                inPool[row] = true;
            for (var fold = 0; fold < options.Folds; fold++)
            {
                var validation = Enumerable.Range(0, search.Pool.Length).Where(p => folds[p] == fold).ToArray();
                var validationRows = validation.Select(p => search.Pool[p]).ToHashSet();
                var train = Enumerable.Range(0, search.Data.RowCount).Where(row => !validationRows.Contains(row)).ToArray();
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
                foreach (var position in validation)
                {
                    SoftmaxRegression.Predict(search.Data, search.Pool[position], fit.Minimizer, probabilities);
                    probabilities.CopyTo(search.OutOfFold[g].AsSpan(position * k, k));
                }
            }
        });

        foreach (var search in searches)
        {
            search.MacroF1 = search.OutOfFold.Select(probabilities => search.Confusion(probabilities).MacroF1()).ToArray();
            search.BestIndex = 0;
            for (var g = 1; g < grid.Length; g++)
            {
                if (search.MacroF1[g] > search.MacroF1[search.BestIndex] + 1e-9)
                    search.BestIndex = g;
            }
            search.BestRegularization = grid[search.BestIndex];
            log($"{search.Name}: cross-validated macro-F1 by L2 strength: {string.Join(", ", grid.Select((value, g) => $"{value:0e0}={search.MacroF1[g]:0.0000}"))}; chose {search.BestRegularization:0e0}");
        }
    }

    /// <summary>Fold of each position: positions of each class are shuffled with the seed and dealt round-robin.</summary>
    internal static int[] StratifiedFolds(int[] labels, int folds, int seed)
    {
        var random = new Random(seed);
        var assignment = new int[labels.Length];
        var next = 0;
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(group => group.Key))
        {
            var positions = group.ToArray();
            random.Shuffle(positions);
            foreach (var position in positions)
                assignment[position] = next++ % folds;
        }
        return assignment;
    }

    private static LinearModel ToLinearModel(SparseDataset data, double[] parameters, IReadOnlyList<string> classes, double threshold, int dimension)
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
        return new LinearModel(classes, weights, bias, (float)threshold);
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
}
