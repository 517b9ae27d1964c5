using Feedback.Classification.Evaluation;
using Feedback.Classification.Labelled;
using Feedback.Classification.Taxonomy;

namespace Feedback.Classification.Tests.Evaluation;

[Collection(TrainedModelGroup.Name)]
public class EvaluatorTests(TrainedModelFixture fixture)
{
    private static LabelledMessage[] Sample(Func<LabelledMessage, bool> keep, Func<LabelledMessage, LabelledMessage>? change = null) =>
        RepositoryFiles.CorpusSample(perFile: 30).Where(keep).Select(change ?? (message => message)).ToArray();

    [Fact]
    public void Scores_every_row_for_sentiment_and_the_rows_with_a_topic_for_topic()
    {
        var labelled = Sample(_ => true);
        var messages = labelled.Select((message, i) => i % 3 == 0 ? message with { Topic = null } : message).ToArray();

        var report = Evaluator.Evaluate(fixture.Classifier, messages);

        Assert.Equal(messages.Length, report.Sentiment.Total);
        Assert.NotNull(report.Topic);
        Assert.Equal(messages.Count(message => message.Topic is not null), report.Topic.Total);
        Assert.Equal(FeedbackTaxonomy.SentimentKeys, report.Sentiment.Classes);
        Assert.Equal(FeedbackTaxonomy.TopicKeys, report.Topic.Classes);
    }

    [Fact]
    public void The_matrices_count_what_the_classifier_says()
    {
        var messages = Sample(_ => true);

        var report = Evaluator.Evaluate(fixture.Classifier, messages);

        var agreeing = messages.Count(message => fixture.Classifier.Classify(message.Text).Sentiment.Key == message.Sentiment);
        Assert.Equal((double)agreeing / messages.Length, report.Sentiment.Accuracy, 12);
        Assert.Equal(agreeing, Enumerable.Range(0, 3).Sum(c => report.Sentiment[c, c]));
        var topicAgreeing = messages.Count(message => fixture.Classifier.Classify(message.Text).Topic.Key == message.Topic);
        Assert.Equal(topicAgreeing, Enumerable.Range(0, 14).Sum(c => report.Topic![c, c]));
    }

    [Fact]
    public void Binary_accuracy_is_set_when_the_labels_are_only_negative_and_positive()
    {
        var messages = Sample(message => message.Sentiment is "negative" or "positive");
        Assert.Contains(messages, message => message.Sentiment == "negative");
        Assert.Contains(messages, message => message.Sentiment == "positive");

        var report = Evaluator.Evaluate(fixture.Classifier, messages);

        Assert.NotNull(report.BinaryAccuracy);
        var negative = FeedbackTaxonomy.SentimentIndex("negative");
        var positive = FeedbackTaxonomy.SentimentIndex("positive");
        var expected = messages.Count(message =>
        {
            var probabilities = fixture.Classifier.Classify(message.Text).Sentiment.Probabilities;
            var decision = probabilities[negative] >= probabilities[positive] ? "negative" : "positive";
            return decision == message.Sentiment;
        }) / (double)messages.Length;
        Assert.Equal(expected, report.BinaryAccuracy.Value, 12);
        Assert.True(report.BinaryAccuracy >= report.Sentiment.Accuracy, "ignoring neutral can only help on a negative/positive set");
    }

    [Fact]
    public void Binary_accuracy_is_not_set_when_a_label_is_neutral()
    {
        var messages = Sample(_ => true);
        Assert.Contains(messages, message => message.Sentiment == "neutral");

        Assert.Null(Evaluator.Evaluate(fixture.Classifier, messages).BinaryAccuracy);
    }

    [Fact]
    public void Binary_accuracy_is_not_set_for_an_empty_set()
    {
        var report = Evaluator.Evaluate(fixture.Classifier, []);

        Assert.Null(report.BinaryAccuracy);
        Assert.Null(report.Topic);
        Assert.Equal(0, report.Sentiment.Total);
    }

    [Fact]
    public void The_topic_report_is_null_when_no_row_has_a_topic()
    {
        var messages = Sample(_ => true, message => message with { Topic = null });

        var report = Evaluator.Evaluate(fixture.Classifier, messages);

        Assert.Null(report.Topic);
        Assert.Equal(messages.Length, report.Sentiment.Total);
    }
}
