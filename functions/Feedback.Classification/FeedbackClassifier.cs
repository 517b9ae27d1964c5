using System.Numerics;
using System.Runtime.Intrinsics.X86;
using Feedback.Classification.Features;
using Feedback.Classification.Model;
using Feedback.Classification.Normalization;

namespace Feedback.Classification;

/// <summary>
/// Labels a citizen's message with a sentiment and a topic. Load once at start and share: classification
/// is thread-safe, allocates little (the normalized text and the result), and never throws on any text.
/// </summary>
public sealed class FeedbackClassifier
{
    /// <summary>Longer messages are classified on their first part and flagged for review.</summary>
    public const int MaxInputLength = 5_000;

    /// <summary>How many features ahead the scoring loop asks for a weight row, so that memory fetches overlap.</summary>
    private const int PrefetchDistance = 8;

    [ThreadStatic]
    private static FeatureBuffer? t_buffer;

    private readonly FeatureExtractor _features;

    public FeedbackClassifier(ClassifierModel model)
    {
        Model = model;
        _features = new FeatureExtractor(model.Features);
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
        _features.CountFeatures(normalized, buffer);
        Span<float> scores = stackalloc float[Model.Stride - 1];
        Score(buffer, scores);

        // Emoji or punctuation alone may lean one way, but nobody should act on it without a person reading it.
        var hasWords = ContainsWord(normalized);
        var sentimentClasses = Model.Sentiment.ClassCount;
        var sentiment = Predict(Model.Sentiment, scores[..sentimentClasses], forceLowConfidence: !hasWords);
        var topic = Predict(Model.Topic, scores[sentimentClasses..], forceLowConfidence: !hasWords);

        var reason = !hasWords ? ReviewReason.NoWords
            : tooLong ? ReviewReason.TooLong
            : sentiment.LowConfidence || topic.LowConfidence ? ReviewReason.LowConfidence
            : ReviewReason.None;
        return new FeedbackClassification(sentiment, topic, reason);
    }

    /// <summary>
    /// Both models' scores before their biases: Σ weight row × (1 + ln tf) × idf, over the unit-length
    /// feature vector, the same weighting <see cref="FeatureExtractor.Extract"/> gives training. A first
    /// pass reads each bucket's idf and asks for the rows of features further on; the second pass adds
    /// the rows, by then in cache.
    /// </summary>
    private unsafe void Score(FeatureBuffer features, Span<float> scores)
    {
        scores.Clear();
        var indices = features.Indices;
        var values = features.WritableValues;
        var stride = Model.Stride;
        var width = scores.Length;
        fixed (float* rows = Model.Rows)
        fixed (float* sums = scores)
        {
            double squaredNorm = 0;
            for (var i = 0; i < indices.Length; i++)
            {
                if (Sse.IsSupported && i + PrefetchDistance < indices.Length)
                {
                    var ahead = rows + (long)indices[i + PrefetchDistance] * stride;
                    Sse.Prefetch0(ahead);
                    Sse.Prefetch0(ahead + stride - 1);
                }
                var termFrequency = values[i];
                var weighted = (termFrequency == 1f ? 1f : 1f + MathF.Log(termFrequency)) * rows[(long)indices[i] * stride + ClassifierModel.IdfColumn];
                values[i] = weighted;
                squaredNorm += (double)weighted * weighted;
            }
            if (squaredNorm <= 0)
                return;

            var lanes = Vector<float>.Count;
            for (var i = 0; i < indices.Length; i++)
            {
                var row = rows + (long)indices[i] * stride + 1;
                var value = values[i];
                var j = 0;
                for (; j + lanes <= width; j += lanes)
                    Vector.Store(Vector.Load(sums + j) + Vector.Load(row + j) * value, sums + j);
                for (; j < width; j++)
                    sums[j] += row[j] * value;
            }
            var scale = (float)(1 / Math.Sqrt(squaredNorm));
            for (var j = 0; j < width; j++)
                sums[j] *= scale;
        }
    }

    private static LabelPrediction Predict(LinearModel model, ReadOnlySpan<float> scores, bool forceLowConfidence)
    {
        var probabilities = new float[model.ClassCount];
        for (var k = 0; k < probabilities.Length; k++)
            probabilities[k] = scores[k] + model.Bias[k];
        Softmax.InPlace<float>(probabilities);
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
