using Feedback.Classification;
using Feedback.Core.Processing;

namespace Feedback.Core.Tests.Processing;

public class RatedSentimentTests
{
    private static LabelPrediction Classified(float negative, float neutral, float positive) =>
        new("unused", Math.Max(negative, Math.Max(neutral, positive)), false, ["negative", "neutral", "positive"], [negative, neutral, positive]);

    [Theory]
    [InlineData(1, "negative")]
    [InlineData(2, "negative")]
    [InlineData(3, "neutral")]
    [InlineData(4, "positive")]
    [InlineData(5, "positive")]
    public void A_reply_without_words_is_its_rating(int rating, string expected)
    {
        Assert.Equal(expected, RatedSentiment.Combine(Classified(0.2f, 0.2f, 0.6f), rating, hasWords: false).Key);
    }

    [Fact]
    public void A_low_rating_outweighs_a_weak_positive_reading()
    {
        var (key, probability) = RatedSentiment.Combine(Classified(0.35f, 0.18f, 0.47f), 2, hasWords: true);

        Assert.Equal("negative", key);
        Assert.InRange(probability, 0.5, 1.0);
    }

    [Fact]
    public void A_clear_complaint_stays_a_complaint_under_a_top_rating()
    {
        Assert.Equal("negative", RatedSentiment.Combine(Classified(0.97f, 0.02f, 0.01f), 5, hasWords: true).Key);
    }

    [Fact]
    public void The_probabilities_come_from_the_classes_by_name_not_by_position()
    {
        var reordered = new LabelPrediction("unused", 0.9f, false, ["positive", "neutral", "negative"], [0.9f, 0.05f, 0.05f]);

        Assert.Equal("positive", RatedSentiment.Combine(reordered, 3, hasWords: true).Key);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void A_rating_outside_1_to_5_is_refused(int rating)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RatedSentiment.Combine(Classified(0.3f, 0.3f, 0.4f), rating, hasWords: true));
    }
}
