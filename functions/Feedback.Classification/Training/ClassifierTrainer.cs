using System.Security.Cryptography;
using System.Text;
using Feedback.Classification.Evaluation;
using Feedback.Classification.Features;
using Feedback.Classification.Model;
using Feedback.Classification.Normalization;
using Feedback.Classification.Taxonomy;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Feedback.Classification.Training;

/// <summary>
/// Trains both models from labelled files with ML.NET: the project's normalization and hashed,
/// idf-weighted features (idf from all rows) fed as a vector to ML.NET's L-BFGS maximum-entropy
/// trainer; the L2 strength of each model chosen by ML.NET's cross-validation; the low-confidence
/// threshold from the out-of-fold predictions on the team's corpus; then a final fit on all rows.
/// The two fitted heads are saved as one ML.NET model: one transformer chain that reads the feature
/// vector once and writes both heads' scores, so that serving loads one model and runs one engine.
/// Sentiment-only rows (an external, binary data set) take part in the sentiment folds; the sentiment
/// model's strength is chosen on the mean of the corpus's macro-F1 and the external rows'
/// negative-vs-positive accuracy, both out-of-fold, since both are targets of the product.
/// Deterministic for a given seed: every fit runs on one thread.
/// </summary>
public static class ClassifierTrainer
{
    public const string TrainerName = "ML.NET LbfgsMaximumEntropy";

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
        var columns = KeptColumns(idf, documentFrequency, options.MinDocumentFrequency);
        counted = ToColumns(counted, columns);
        log($"features: {rows.Count} rows, {options.Features.Dimension} hashed buckets, {columns.Count} seen in at least {options.MinDocumentFrequency} messages");

        var allRows = Enumerable.Range(0, rows.Count).ToArray();
        var topicRows = allRows.Where(i => rows[i].Topic >= 0).ToArray();
        var searches = new[]
        {
            new ModelSearch("sentiment", BuildRows(counted, rows, allRows, row => row.Sentiment, FeedbackTaxonomy.SentimentKeys.Count, columns.Count), FeedbackTaxonomy.SentimentKeys, columns.Count, options),
            new ModelSearch("topic", BuildRows(counted, rows, topicRows, row => row.Topic, FeedbackTaxonomy.TopicKeys.Count, columns.Count), FeedbackTaxonomy.TopicKeys, columns.Count, options),
        };
        Parallel.ForEach(searches, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, search => search.Run());
        foreach (var search in searches)
        {
            for (var g = 0; g < options.RegularizationGrid.Count; g++)
                log($"{search.Name}: L2 {options.RegularizationGrid[g]:0e0}: cross-validated {search.Describe(g)}");
            log($"{search.Name}: chose L2 {search.BestRegularization:0e0}");
        }

        var (sentiment, topic) = (searches[0], searches[1]);
        var featureBytes = ModelFile.FeatureColumnBytes(columns);
        var modelZip = BothHeads(sentiment.Model, topic.Model, columns.Count);
        var header = new ModelHeader
        {
            FormatVersion = ModelFile.FormatVersion,
            MlNetVersion = typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "unknown",
            SentimentKeys = FeedbackTaxonomy.SentimentKeys,
            TopicKeys = FeedbackTaxonomy.TopicKeys,
            Features = FeatureSettings.From(options.Features, options.MinDocumentFrequency),
            TrainingData = new TrainingDataInfo(
                CombinedHash(sources),
                sources.Select(source => new TrainingSource(source.DisplayPath, source.Messages.Count, source.Sha256, source.SentimentOnly, source.SentimentOnly ? options.SentimentOnlySourceWeight : 1)).ToArray()),
            Training = new TrainingSettings(TrainerName, options.Seed, options.Folds, options.RegularizationGrid, sentiment.BestRegularization, topic.BestRegularization, options.SentimentOnlySourceWeight, options.OptimizationTolerance, options.MaxIterations),
            Metrics = new TrainingMetrics(sentiment.Metrics(options.ConfidentAccuracyTarget), topic.Metrics(options.ConfidentAccuracyTarget)),
            Contents = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [ModelFile.FeaturesEntry] = ModelFile.Sha256(featureBytes),
                [ModelFile.ModelEntry] = ModelFile.Sha256(modelZip),
            },
        };
        return ModelFile.Assemble(header, columns, modelZip);
    }

    /// <summary>
    /// One ML.NET model of both fitted heads, as saved: sentiment's predictor, its Score copied to
    /// SentimentScore, topic's predictor (whose Score hides sentiment's), copied to TopicScore.
    /// </summary>
    private static byte[] BothHeads(ITransformer sentiment, ITransformer topic, int columns)
    {
        var context = new MLContext(seed: 0);
        var input = context.Data.LoadFromEnumerable(Array.Empty<FeatureInput>(), FeatureSchema.Input(columns));
        var sentimentScore = context.Transforms.CopyColumns(FeatureSchema.SentimentScore, FeatureSchema.Score).Fit(sentiment.Transform(input));
        var afterTopic = topic.Transform(sentimentScore.Transform(sentiment.Transform(input)));
        var topicScore = context.Transforms.CopyColumns(FeatureSchema.TopicScore, FeatureSchema.Score).Fit(afterTopic);
        var model = new TransformerChain<ITransformer>(sentiment, sentimentScore, topic, topicScore);
        return ModelFile.SaveMlNetModel(context, model, input.Schema);
    }

    /// <summary>A message to train on; <see cref="External"/> rows come from a sentiment-only source.</summary>
    private sealed record Message(string Normalized, int Sentiment, int Topic, double SourceWeight, bool External);

    private static List<Message> FlattenRows(IReadOnlyList<TrainingSourceFile> sources, TrainerOptions options)
    {
        var rows = new List<Message>();
        foreach (var source in sources)
        {
            var weight = source.SentimentOnly ? options.SentimentOnlySourceWeight : 1;
            foreach (var message in source.Messages)
            {
                var topic = message.Topic is null ? -1 : FeedbackTaxonomy.TopicIndex(message.Topic);
                rows.Add(new Message(PersianNormalizer.Normalize(message.Text), FeedbackTaxonomy.SentimentIndex(message.Sentiment), topic, weight, source.SentimentOnly));
            }
        }
        return rows;
    }

    private static List<(int[] Buckets, float[] Values)> CountFeatures(List<Message> rows, FeatureExtractor extractor)
    {
        var buffer = new FeatureBuffer();
        var counted = new List<(int[], float[])>(rows.Count);
        foreach (var row in rows)
        {
            extractor.CountFeatures(row.Normalized, buffer);
            buffer.SortByIndex();
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
    /// Features seen in fewer than <paramref name="minimum"/> training messages get no column: they can only
    /// fit noise. They were part of each message's unit-length scaling, as they are at classification time.
    /// </summary>
    private static FeatureColumns KeptColumns(float[] idf, int[] documentFrequency, int minimum)
    {
        var columns = new int[documentFrequency.Length];
        var next = 0;
        for (var bucket = 0; bucket < columns.Length; bucket++)
            columns[bucket] = documentFrequency[bucket] >= Math.Max(1, minimum) ? next++ : -1;
        return new FeatureColumns(idf, columns);
    }

    private static List<(int[] Columns, float[] Values)> ToColumns(List<(int[] Buckets, float[] Values)> counted, FeatureColumns columns) =>
        counted.Select(row =>
        {
            var keep = Enumerable.Range(0, row.Buckets.Length).Where(i => columns.ColumnOfBucket[row.Buckets[i]] >= 0).ToArray();
            return (keep.Select(i => columns.ColumnOfBucket[row.Buckets[i]]).ToArray(), keep.Select(i => row.Values[i]).ToArray());
        }).ToList();

    /// <summary>ML.NET rows; weight = source weight × a class weight that gives every class the same total weight.</summary>
    private static TrainingRow[] BuildRows(List<(int[] Columns, float[] Values)> counted, List<Message> rows, int[] selected, Func<Message, int> label, int classCount, int columns)
    {
        var labels = selected.Select(i => label(rows[i])).ToArray();
        var classTotals = new double[classCount];
        for (var i = 0; i < selected.Length; i++)
            classTotals[labels[i]] += rows[selected[i]].SourceWeight;
        var total = classTotals.Sum();
        var present = classTotals.Count(value => value > 0);
        return selected.Select((row, i) => new TrainingRow
        {
            Features = new VBuffer<float>(columns, counted[row].Columns.Length, counted[row].Values, counted[row].Columns),
            Label = (uint)labels[i],
            Weight = (float)(rows[row].SourceWeight * total / (present * classTotals[labels[i]])),
            External = rows[row].External,
        }).ToArray();
    }

    /// <summary>
    /// The cross-validation of one model in an ML.NET context of its own: the out-of-fold probabilities
    /// of every row per L2 strength, the chosen strength, and the final model fitted on all rows.
    /// </summary>
    private sealed class ModelSearch(string name, TrainingRow[] rows, IReadOnlyList<string> classes, int columns, TrainerOptions options)
    {
        private readonly int _negative = FeedbackTaxonomy.SentimentIndex("negative");
        private readonly int _positive = FeedbackTaxonomy.SentimentIndex("positive");
        private readonly bool _hasExternalRows = rows.Any(row => row.External);

        public string Name { get; } = name;

        /// <summary>[grid index][row], in the order cross-validation gave them back.</summary>
        private ScoredRow[][] _outOfFold = [];

        private int _bestIndex;

        public double BestRegularization => options.RegularizationGrid[_bestIndex];

        /// <summary>The final fit on all rows, with the chosen strength.</summary>
        public ITransformer Model { get; private set; } = null!;

        public void Run()
        {
            var context = new MLContext(seed: options.Seed);
            var data = context.Data.Cache(context.Data.LoadFromEnumerable(rows, FeatureSchema.Training(columns, classes.Count)));
            _outOfFold = options.RegularizationGrid.Select(l2 => context.MulticlassClassification
                    .CrossValidate(data, Trainer(context, l2), options.Folds, FeatureSchema.Label, seed: options.Seed)
                    .SelectMany(fold => context.Data.CreateEnumerable<ScoredRow>(fold.ScoredHoldOutSet, reuseRowObject: false))
                    .ToArray())
                .ToArray();
            var scores = Enumerable.Range(0, _outOfFold.Length)
                .Select(g => _hasExternalRows ? (CorpusMetrics(g).MacroF1() + ExternalBinaryAccuracy(g)) / 2 : CorpusMetrics(g).MacroF1())
                .ToArray();
            _bestIndex = 0;
            for (var g = 1; g < scores.Length; g++)
            {
                if (scores[g] > scores[_bestIndex] + 1e-9)
                    _bestIndex = g;
            }

            Model = Trainer(context, BestRegularization).Fit(data);
        }

        private LbfgsMaximumEntropyMulticlassTrainer Trainer(MLContext context, double l2) =>
            context.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = FeatureSchema.Label,
                FeatureColumnName = FeatureSchema.Features,
                ExampleWeightColumnName = FeatureSchema.Weight,
                L2Regularization = (float)l2,
                L1Regularization = 0,
                OptimizationTolerance = (float)options.OptimizationTolerance,
                MaximumNumberOfIterations = options.MaxIterations,
                NumberOfThreads = 1,
            });

        public string Describe(int gridIndex) => _hasExternalRows
            ? $"corpus macro-F1 {CorpusMetrics(gridIndex).MacroF1():0.0000}, external binary accuracy {ExternalBinaryAccuracy(gridIndex):0.0000}"
            : $"macro-F1 {CorpusMetrics(gridIndex).MacroF1():0.0000}";

        private ClassificationMetrics CorpusMetrics(int gridIndex) => ClassificationMetrics.Evaluate(
            classes,
            _outOfFold[gridIndex].Where(row => !row.External).Select(row => ((int)row.Label - 1, row.Score)).ToArray());

        private double ExternalBinaryAccuracy(int gridIndex)
        {
            int total = 0, correct = 0;
            foreach (var row in _outOfFold[gridIndex])
            {
                var label = (int)row.Label - 1;
                if (!row.External || (label != _negative && label != _positive))
                    continue;
                var decision = row.Score[_negative] >= row.Score[_positive] ? _negative : _positive;
                total++;
                if (decision == label)
                    correct++;
            }
            return total == 0 ? 0 : (double)correct / total;
        }

        public ModelMetrics Metrics(double confidentAccuracyTarget)
        {
            var matrix = CorpusMetrics(_bestIndex);
            var (threshold, share) = LowConfidenceThreshold(confidentAccuracyTarget);
            return new ModelMetrics(
                matrix.Total,
                Round(matrix.Accuracy),
                Round(matrix.MacroF1()),
                _hasExternalRows ? Round(ExternalBinaryAccuracy(_bestIndex)) : null,
                threshold,
                Round(share));
        }

        /// <summary>The lowest candidate threshold at which the corpus's out-of-fold predictions at or above it are right often enough.</summary>
        private (double Threshold, double Share) LowConfidenceThreshold(double target)
        {
            var predictions = _outOfFold[_bestIndex].Where(row => !row.External).Select(row =>
            {
                var best = ClassificationMetrics.ArgMax(row.Score);
                return (Confidence: row.Score[best], Correct: best == row.Label - 1);
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

    private static string CombinedHash(IReadOnlyList<TrainingSourceFile> sources)
    {
        var joined = string.Join('\n', sources.Select(source => source.Sha256));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));
    }

    private static double Round(double value) => Math.Round(value, 4);
}
