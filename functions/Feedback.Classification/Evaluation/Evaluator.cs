using Feedback.Classification.Labelled;
using Feedback.Classification.Taxonomy;

namespace Feedback.Classification.Evaluation;

/// <summary>
/// Scores a classifier on a labelled set. <see cref="BinaryAccuracy"/> is set when the set's sentiment labels
/// are only negative and positive: it scores the model's negative-vs-positive decision, ignoring neutral.
/// <see cref="Topic"/> is null when no row has a topic.
/// </summary>
public sealed record EvaluationReport(ClassificationMetrics Sentiment, double? BinaryAccuracy, ClassificationMetrics? Topic);

public static class Evaluator
{
    public static EvaluationReport Evaluate(FeedbackClassifier classifier, IReadOnlyList<LabelledMessage> messages)
    {
        var negative = FeedbackTaxonomy.SentimentIndex("negative");
        var positive = FeedbackTaxonomy.SentimentIndex("positive");
        var binary = messages.Count > 0 && messages.All(message => message.Sentiment is "negative" or "positive");
        var binaryCorrect = 0;
        var sentiment = new List<(int, float[])>(messages.Count);
        var topic = new List<(int, float[])>(messages.Count);

        foreach (var message in messages)
        {
            var result = classifier.Classify(message.Text);
            var actualSentiment = FeedbackTaxonomy.SentimentIndex(message.Sentiment);
            sentiment.Add((actualSentiment, result.Sentiment.Probabilities));
            var probabilities = result.Sentiment.Probabilities;
            var binaryDecision = probabilities[negative] >= probabilities[positive] ? negative : positive;
            if (binaryDecision == actualSentiment)
                binaryCorrect++;
            if (message.Topic is not null)
                topic.Add((FeedbackTaxonomy.TopicIndex(message.Topic), result.Topic.Probabilities));
        }
        return new EvaluationReport(
            ClassificationMetrics.Evaluate(FeedbackTaxonomy.SentimentKeys, sentiment),
            binary ? (double)binaryCorrect / messages.Count : null,
            topic.Count > 0 ? ClassificationMetrics.Evaluate(FeedbackTaxonomy.TopicKeys, topic) : null);
    }
}
