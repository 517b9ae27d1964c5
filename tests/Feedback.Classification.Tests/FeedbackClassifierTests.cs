using Feedback.Classification.Features;
using Feedback.Classification.Model;
using Feedback.Classification.Normalization;
using Feedback.Classification.Taxonomy;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Feedback.Classification.Tests;

[Collection(TrainedModelGroup.Name)]
public class FeedbackClassifierTests(TrainedModelFixture fixture)
{
    private static readonly string LongText = string.Concat(Enumerable.Repeat("آب محله ما از صبح قطعه و هیچ کس جواب نمیده. ", 500))[..20_000];

    public static TheoryData<string?, ReviewReason> TextsWithoutWords() => new()
    {
        { null, ReviewReason.NoWords },
        { "", ReviewReason.NoWords },
        { " ", ReviewReason.NoWords },
        { "\t\r\n  ", ReviewReason.NoWords },
        { "\u200C", ReviewReason.NoWords },
        { "😡😡", ReviewReason.NoWords },
        { "👍🏽", ReviewReason.NoWords },
        { ":(", ReviewReason.NoWords },
        { "!!!", ReviewReason.NoWords },
        { "؟؟؟", ReviewReason.NoWords },
        { "...،،، ---", ReviewReason.NoWords },
        { "«»()[]{}", ReviewReason.NoWords },
    };

    [Theory]
    [MemberData(nameof(TextsWithoutWords))]
    public void A_text_without_words_needs_review(string? text, ReviewReason reason)
    {
        var result = fixture.Classifier.Classify(text);

        Assert.True(result.NeedsReview);
        Assert.Equal(reason, result.ReviewReason);
        Assert.True(result.Topic.LowConfidence);
    }

    [Fact]
    public void An_empty_text_has_low_confidence_in_both_models()
    {
        var result = fixture.Classifier.Classify("");

        Assert.True(result.Sentiment.LowConfidence);
        Assert.True(result.Topic.LowConfidence);
    }

    [Fact]
    public void A_very_long_text_is_classified_and_flagged_too_long()
    {
        Assert.Equal(20_000, LongText.Length);

        var result = fixture.Classifier.Classify(LongText);

        Assert.True(result.NeedsReview);
        Assert.Equal(ReviewReason.TooLong, result.ReviewReason);
        Assert.Contains(result.Topic.Key, FeedbackTaxonomy.TopicKeys);
    }

    [Fact]
    public void A_text_just_at_the_length_limit_is_not_too_long()
    {
        var text = LongText[..FeedbackClassifier.MaxInputLength];

        Assert.NotEqual(ReviewReason.TooLong, fixture.Classifier.Classify(text).ReviewReason);
    }

    [Theory]
    [InlineData(FeedbackClassifier.MaxInputLength - 1)]
    [InlineData(FeedbackClassifier.MaxInputLength)]
    [InlineData(FeedbackClassifier.MaxInputLength + 1)]
    public void A_long_text_cut_inside_an_emoji_does_not_throw(int emojiStart)
    {
        var text = new string('ب', emojiStart) + string.Concat(Enumerable.Repeat("😡", 100));

        var result = fixture.Classifier.Classify(text);

        Assert.Equal(ReviewReason.TooLong, result.ReviewReason);
    }

    public static TheoryData<string?> AnyTexts() => new()
    {
        null,
        "",
        "آب محله ما از صبح قطعه",
        "ممنون از پرسنل بیمارستان خیلی خوب بودن 🙏",
        "😡😡",
        "!!!",
        "\uD83D",
        "\uDE21 تنها",
        "\0\u0001\u0002",
        "<url> <phone> <email>",
        "https://x.ir 09121234567 a@b.ir",
        new string('ی', 30_000),
        "a",
        "1",
    };

    [Theory]
    [MemberData(nameof(AnyTexts))]
    public void Probabilities_of_each_prediction_sum_to_one(string? text)
    {
        var result = fixture.Classifier.Classify(text);

        foreach (var prediction in new[] { result.Sentiment, result.Topic })
        {
            Assert.Equal(prediction.Classes.Count, prediction.Probabilities.Length);
            Assert.Equal(1.0, prediction.Probabilities.Sum(p => (double)p), 4);
            Assert.All(prediction.Probabilities, p => Assert.InRange(p, 0f, 1f));
            Assert.Equal(prediction.Probabilities.Max(), prediction.Probability);
            Assert.Equal(prediction.Classes[Array.IndexOf(prediction.Probabilities, prediction.Probability)], prediction.Key);
        }
        Assert.Equal(FeedbackTaxonomy.SentimentKeys, result.Sentiment.Classes);
        Assert.Equal(FeedbackTaxonomy.TopicKeys, result.Topic.Classes);
    }

    [Fact]
    public void Low_confidence_follows_the_model_threshold()
    {
        foreach (var message in RepositoryFiles.CorpusSample(perFile: 5))
        {
            var result = fixture.Classifier.Classify(message.Text);

            Assert.Equal(result.Topic.Probability < fixture.Model.Topic.LowConfidenceThreshold, result.Topic.LowConfidence);
            Assert.Equal(result.Sentiment.Probability < fixture.Model.Sentiment.LowConfidenceThreshold, result.Sentiment.LowConfidence);
            var expected = result.Sentiment.LowConfidence || result.Topic.LowConfidence ? ReviewReason.LowConfidence : ReviewReason.None;
            Assert.Equal(expected, result.ReviewReason);
        }
    }

    [Fact]
    public void Most_training_messages_get_their_own_topic_back()
    {
        var messages = fixture.Sources.SelectMany(source => source.Messages).ToArray();

        var correct = messages.Count(message => fixture.Classifier.Classify(message.Text).Topic.Key == message.Topic);

        Assert.True(correct > messages.Length * 0.7, $"{correct} of {messages.Length} training messages classified under their own topic");
    }

    [Fact]
    public void Spelling_variants_get_the_same_classification()
    {
        var a = fixture.Classifier.Classify("آب لوله كشي ما قطع است، كي وصل ميشه؟");
        var b = fixture.Classifier.Classify("آب لوله کشی ما قطع است کی وصل میشه ?");

        Assert.Equal(a.Sentiment.Probabilities, b.Sentiment.Probabilities);
        Assert.Equal(a.Topic.Probabilities, b.Topic.Probabilities);
    }

    [Fact]
    public void Classify_is_thread_safe()
    {
        var texts = RepositoryFiles.CorpusSample(perFile: 40).Select(message => message.Text).Append(LongText).Append("").ToArray();
        var sequential = texts.Select(fixture.Classifier.Classify).ToArray();

        var parallel = new FeedbackClassification[texts.Length];
        for (var round = 0; round < 3; round++)
        {
            Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount) }, i => parallel[i] = fixture.Classifier.Classify(texts[i]));

            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(sequential[i].Sentiment.Probabilities, parallel[i].Sentiment.Probabilities);
                Assert.Equal(sequential[i].Topic.Probabilities, parallel[i].Topic.Probabilities);
                Assert.Equal(sequential[i].ReviewReason, parallel[i].ReviewReason);
            }
        }
    }

    public static TheoryData<string> Messages() => new(RepositoryFiles.CorpusSample(3).Select(message => message.Text));

    /// <summary>The pooled scoring engines, fed features one message at a time, must agree with ML.NET's batch transform of the same features.</summary>
    [Theory]
    [MemberData(nameof(Messages))]
    public void Probabilities_match_ML_NET_scoring_the_extracted_features_in_a_batch(string text)
    {
        var model = fixture.Model;
        var buffer = new FeatureBuffer();
        new FeatureExtractor(model.Features).Extract(PersianNormalizer.Normalize(text), model.Idf, buffer);
        var features = buffer.Indices.ToArray().Zip(buffer.Values.ToArray())
            .Select(feature => (Column: model.Columns.ColumnOfBucket[feature.First], Value: feature.Second))
            .Where(feature => feature.Column >= 0)
            .OrderBy(feature => feature.Column)
            .ToArray();
        var input = new FeatureInput { Features = new VBuffer<float>(model.Columns.Count, features.Length, features.Select(f => f.Value).ToArray(), features.Select(f => f.Column).ToArray()) };
        var data = model.Context.Data.LoadFromEnumerable([input], FeatureSchema.Input(model.Columns.Count));

        var result = fixture.Classifier.Classify(text);

        var batch = model.Context.Data.CreateEnumerable<ScoreOutput>(model.Transformer.Transform(data), reuseRowObject: false).Single();
        AssertMatches(batch.SentimentScore, result.Sentiment.Probabilities);
        AssertMatches(batch.TopicScore, result.Topic.Probabilities);
    }

    /// <summary>An engine is reused message after message: nothing of one message may stay in its row, buffers or score vectors for the next.</summary>
    [Fact]
    public void A_reused_scoring_engine_answers_each_message_as_a_fresh_engine_does()
    {
        var model = fixture.Model;
        var extractor = new FeatureExtractor(model.Features);
        var reused = model.CreateEngine();
        foreach (var text in RepositoryFiles.CorpusSample(perFile: 1).Select(message => message.Text))
        {
            var fresh = model.CreateEngine();
            foreach (var engine in new[] { reused, fresh })
            {
                extractor.Extract(PersianNormalizer.Normalize(text), model.Idf, engine.Buffer);
                model.Columns.ToColumns(engine.Buffer);
            }

            var (reusedSentiment, reusedTopic) = reused.Predict();
            var (freshSentiment, freshTopic) = fresh.Predict();

            AssertMatches(freshSentiment, reusedSentiment);
            AssertMatches(freshTopic, reusedTopic);
        }
    }

    private static void AssertMatches(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
            Assert.Equal(expected[k], actual[k], 1e-6f);
    }
}
