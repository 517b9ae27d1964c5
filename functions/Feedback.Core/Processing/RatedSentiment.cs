using Feedback.Classification;
using Feedback.Classification.Taxonomy;

namespace Feedback.Core.Processing;

/// <summary>
/// A survey reply's rating is the citizen saying how it went, so it weighs on the sentiment: the classifier's
/// probabilities are multiplied by how likely each sentiment is given the rating, and renormalized. A short
/// reply the classifier barely reads («۲ خیلی معطل شدم») follows its rating; a long clear text can still
/// outweigh it (a «۵» with a bitter complaint stays a complaint). A reply with no words at all is its rating.
/// </summary>
public static class RatedSentiment
{
    /// <summary>P(sentiment | rating) in taxonomy order (negative, neutral, positive), rating 1 to 5.</summary>
    private static readonly double[][] GivenRating =
    [
        [0.85, 0.10, 0.05],
        [0.75, 0.18, 0.07],
        [0.25, 0.50, 0.25],
        [0.07, 0.18, 0.75],
        [0.05, 0.10, 0.85],
    ];

    public static (string Key, double Probability) Combine(LabelPrediction sentiment, int rating, bool hasWords)
    {
        ArgumentNullException.ThrowIfNull(sentiment);
        ArgumentOutOfRangeException.ThrowIfLessThan(rating, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rating, 5);
        var prior = GivenRating[rating - 1];
        var combined = new double[FeedbackTaxonomy.SentimentKeys.Count];
        for (var index = 0; index < combined.Length; index++)
        {
            var classified = hasWords ? sentiment.Probabilities[ClassIndex(sentiment.Classes, FeedbackTaxonomy.SentimentKeys[index])] : 1.0;
            combined[index] = classified * prior[index];
        }
        var total = combined.Sum();
        var best = Array.IndexOf(combined, combined.Max());
        return (FeedbackTaxonomy.SentimentKeys[best], combined[best] / total);
    }

    private static int ClassIndex(IReadOnlyList<string> classes, string key)
    {
        for (var index = 0; index < classes.Count; index++)
        {
            if (classes[index] == key)
                return index;
        }
        throw new ArgumentException($"the classifier has no sentiment class {key}", nameof(classes));
    }
}
