using Feedback.Classification.Features;
using Feedback.Classification.Model;
using Feedback.Classification.Normalization;

namespace Feedback.Classification;

/// <summary>
/// Labels a citizen's message with a sentiment and a topic. Load once at start (a few milliseconds) and
/// share: classification is thread-safe and allocates little. Never throws on any text.
/// </summary>
public sealed class FeedbackClassifier
{
    /// <summary>Longer messages are classified on their first part and flagged for review.</summary>
    public const int MaxInputLength = 5_000;

    [ThreadStatic]
    private static FeatureBuffer? t_buffer;

    private readonly FeatureExtractor _features;

    public FeedbackClassifier(ClassifierModel model)
    {
        Model = model;
        _features = new FeatureExtractor(model.Header.Features.ToOptions());
    }

    public ClassifierModel Model { get; }

    public static string DefaultModelPath => Path.Combine(AppContext.BaseDirectory, "model", ModelFile.FileName);

    public static FeedbackClassifier Load(string? path = null) => new(ModelFile.Read(path ?? DefaultModelPath));

    public FeedbackClassification Classify(string? text)
    {
        text ??= string.Empty;
        var tooLong = text.Length > MaxInputLength;
        if (tooLong)
            text = text[..(char.IsHighSurrogate(text[MaxInputLength - 1]) ? MaxInputLength - 1 : MaxInputLength)];

        var normalized = PersianNormalizer.Normalize(text);
        var buffer = t_buffer ??= new FeatureBuffer();
        _features.Extract(normalized, Model.InverseDocumentFrequency, buffer);

        var hasWords = ContainsWord(normalized);
        var sentiment = Predict(Model.Sentiment, buffer, forceLowConfidence: normalized.Length == 0);
        var topic = Predict(Model.Topic, buffer, forceLowConfidence: !hasWords);

        var reason = !hasWords ? ReviewReason.NoWords
            : tooLong ? ReviewReason.TooLong
            : sentiment.LowConfidence || topic.LowConfidence ? ReviewReason.LowConfidence
            : ReviewReason.None;
        return new FeedbackClassification(sentiment, topic, reason);
    }

    private static LabelPrediction Predict(LinearModel model, FeatureBuffer features, bool forceLowConfidence)
    {
        var probabilities = new float[model.ClassCount];
        model.PredictProbabilities(features.Indices, features.Values, probabilities);
        var best = 0;
        for (var k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[best])
                best = k;
        }
        var lowConfidence = forceLowConfidence || probabilities[best] < model.LowConfidenceThreshold;
        return new LabelPrediction(model.Classes[best], probabilities[best], lowConfidence, model.Classes, probabilities);
    }

    private static bool ContainsWord(string normalized)
    {
        foreach (var c in normalized)
        {
            if (char.IsLetterOrDigit(c))
                return true;
        }
        return false;
    }
}
