namespace Feedback.Classification;

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
