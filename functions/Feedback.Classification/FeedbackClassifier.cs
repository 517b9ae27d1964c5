using System.Collections.Concurrent;
using Feedback.Classification.Features;
using Feedback.Classification.Model;
using Feedback.Classification.Normalization;

namespace Feedback.Classification;

/// <summary>
/// Labels a citizen's message with a sentiment and a topic. Load once at start and share: classification
/// is thread-safe (a scoring engine, the model's row mapper bound to a row of its own, serves one caller at a
/// time, so each call borrows one from a pool that grows to the number of concurrent callers), and never throws
/// on any text. One ML.NET model answers both the sentiment and the topic from one feature vector, through one engine.
/// </summary>
public sealed class FeedbackClassifier
{
    /// <summary>Longer messages are classified on their first part and flagged for review.</summary>
    public const int MaxInputLength = 5_000;

    private readonly FeatureExtractor _features;
    private readonly ConcurrentBag<ScoringEngine> _pool = [];

    public FeedbackClassifier(ClassifierModel model)
    {
        Model = model;
        _features = new FeatureExtractor(model.Features);
        // One engine ready now (the one the model file's load made beside its checks, for the first classifier of a
        // model): the first classification does not pay for compiling ML.NET's prediction path.
        _pool.Add(model.TakePreparedEngine() ?? model.CreateEngine());
    }

    public ClassifierModel Model { get; }

    public static string DefaultModelPath => Path.Combine(AppContext.BaseDirectory, "model", ModelFile.FileName);

    /// <param name="mark">Called with the name of each loading stage as it ends (startup measurements).</param>
    public static FeedbackClassifier Load(string? path = null, Action<string>? mark = null) => new(ModelFile.Read(path ?? DefaultModelPath, mark));

    public FeedbackClassification Classify(string? text)
    {
        text ??= string.Empty;
        var tooLong = text.Length > MaxInputLength;
        if (tooLong)
            text = text[..(char.IsHighSurrogate(text[MaxInputLength - 1]) ? MaxInputLength - 1 : MaxInputLength)];

        var normalized = PersianNormalizer.Normalize(text);
        var engine = _pool.TryTake(out var pooled) ? pooled : Model.CreateEngine();
        float[] sentimentProbabilities, topicProbabilities;
        try
        {
            _features.Extract(normalized, Model.Idf, engine.Buffer);
            Model.Columns.ToColumns(engine.Buffer);
            (sentimentProbabilities, topicProbabilities) = engine.Predict();
        }
        finally
        {
            _pool.Add(engine);
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
}

/// <summary>One model's answer: the chosen key, its probability, and the probability of every class (in <see cref="Classes"/> order).</summary>
public sealed record LabelPrediction(string Key, float Probability, bool LowConfidence, IReadOnlyList<string> Classes, float[] Probabilities);

/// <summary>Why a classification should be checked by a person before anyone relies on it.</summary>
public enum ReviewReason
{
    None,
    LowConfidence,
    NoWords,
    TooLong,
}

public sealed record FeedbackClassification(LabelPrediction Sentiment, LabelPrediction Topic, ReviewReason ReviewReason)
{
    public bool NeedsReview => ReviewReason != ReviewReason.None;
}
