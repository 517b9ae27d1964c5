using System.Collections.Concurrent;
using Feedback.Classification.Features;
using Feedback.Classification.Model;
using Feedback.Classification.Normalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Feedback.Classification;

/// <summary>
/// Labels a citizen's message with a sentiment and a topic. Load once at start and share: classification
/// is thread-safe (ML.NET's prediction engines are not, so each call borrows a pair from a pool that
/// grows to the number of concurrent callers), and never throws on any text.
/// </summary>
public sealed class FeedbackClassifier
{
    /// <summary>Longer messages are classified on their first part and flagged for review.</summary>
    public const int MaxInputLength = 5_000;

    private readonly FeatureExtractor _features;
    private readonly ConcurrentBag<Engines> _pool = [];

    public FeedbackClassifier(ClassifierModel model, Action<string>? mark = null)
    {
        Model = model;
        _features = new FeatureExtractor(model.Features);
        // One pair made now: the first classification does not pay for compiling ML.NET's prediction path.
        _pool.Add(new Engines(model));
        mark?.Invoke("prediction engines");
    }

    public ClassifierModel Model { get; }

    public static string DefaultModelPath => Path.Combine(AppContext.BaseDirectory, "model", ModelFile.FileName);

    /// <param name="mark">Called with the name of each loading stage as it ends (startup measurements).</param>
    public static FeedbackClassifier Load(string? path = null, Action<string>? mark = null) => new(ModelFile.Read(path ?? DefaultModelPath, mark), mark);

    public FeedbackClassification Classify(string? text)
    {
        text ??= string.Empty;
        var tooLong = text.Length > MaxInputLength;
        if (tooLong)
            text = text[..(char.IsHighSurrogate(text[MaxInputLength - 1]) ? MaxInputLength - 1 : MaxInputLength)];

        var normalized = PersianNormalizer.Normalize(text);
        var engines = _pool.TryTake(out var pooled) ? pooled : new Engines(Model);
        float[] sentimentProbabilities, topicProbabilities;
        try
        {
            _features.Extract(normalized, Model.Idf, engines.Buffer);
            Model.Columns.ToColumns(engines.Buffer);
            (sentimentProbabilities, topicProbabilities) = engines.Predict(Model.Columns.Count);
        }
        finally
        {
            _pool.Add(engines);
        }

        // Emoji or punctuation alone may lean one way, but nobody should act on it without a person reading it.
        var hasWords = ContainsWord(normalized);
        var sentiment = Predict(Model.Sentiment, sentimentProbabilities, forceLowConfidence: !hasWords);
        var topic = Predict(Model.Topic, topicProbabilities, forceLowConfidence: !hasWords);

        var reason = !hasWords ? ReviewReason.NoWords
            : tooLong ? ReviewReason.TooLong
            : sentiment.LowConfidence || topic.LowConfidence ? ReviewReason.LowConfidence
            : ReviewReason.None;
        return new FeedbackClassification(sentiment, topic, reason);
    }

    private static LabelPrediction Predict(LabelModel model, float[] probabilities, bool forceLowConfidence)
    {
        var best = 0;
        for (var k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[best])
                best = k;
        }
        var lowConfidence = forceLowConfidence || probabilities[best] < model.LowConfidenceThreshold;
        return new LabelPrediction(model.Classes[best], probabilities[best], lowConfidence, model.Classes, probabilities);
    }

    /// <summary>Whether any token is a word: letters or digits, not a placeholder (the normalizer lets "&lt;" start nothing else).</summary>
    private static bool ContainsWord(string normalized)
    {
        foreach (var range in normalized.AsSpan().Split(' '))
        {
            var token = normalized.AsSpan(range);
            if (token.StartsWith('<'))
                continue;
            foreach (var c in token)
            {
                if (char.IsLetterOrDigit(c))
                    return true;
            }
        }
        return false;
    }

    /// <summary>What one caller at a time uses: both models' prediction engines and the feature buffer they read.</summary>
    private sealed class Engines(ClassifierModel model)
    {
        private readonly PredictionEngine<FeatureInput, ScoreOutput> _sentiment = CreateEngine(model, model.Sentiment);
        private readonly PredictionEngine<FeatureInput, ScoreOutput> _topic = CreateEngine(model, model.Topic);
        private readonly FeatureInput _input = new();
        private ScoreOutput _sentimentOutput = new();
        private ScoreOutput _topicOutput = new();

        public FeatureBuffer Buffer { get; } = new();

        /// <summary>Both models' probabilities for the model columns in <see cref="Buffer"/>, as fresh arrays the result may keep.</summary>
        public (float[] Sentiment, float[] Topic) Predict(int columns)
        {
            _input.Features = new VBuffer<float>(columns, Buffer.Count, Buffer.RawValues, Buffer.RawIndices);
            _sentiment.Predict(_input, ref _sentimentOutput);
            _topic.Predict(_input, ref _topicOutput);
            return ([.. _sentimentOutput.Score], [.. _topicOutput.Score]);
        }

        private static PredictionEngine<FeatureInput, ScoreOutput> CreateEngine(ClassifierModel model, LabelModel labels) =>
            model.Context.Model.CreatePredictionEngine<FeatureInput, ScoreOutput>(labels.Transformer, ignoreMissingColumns: true, inputSchemaDefinition: FeatureSchema.Input(model.Columns.Count));
    }
}
