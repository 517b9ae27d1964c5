using System.Text.Json;
using Feedback.Classification.Taxonomy;

namespace Feedback.Cli.Tests.Commands;

[Collection(CliGroup.Name)]
public class ClassifyCommandTests(CliFixture fixture)
{
    private static readonly string[] JsonKeys = ["text", "sentiment", "topic", "needsReview", "reviewReason"];
    private static readonly string[] PredictionKeys = ["key", "probability", "lowConfidence", "probabilities"];
    private static readonly string[] ReviewLabels = ["no", "low-confidence", "no-words", "too-long"];

    private static readonly string[] Inputs =
    [
        "آب محله ما از صبح قطعه",
        "برق سه ساعته رفته یخچال خراب شد",
        "ممنون از پرسنل بیمارستان، خیلی خوب بودن 🙏",
        "😡😡",
        "کارت ملیم کی آماده میشه؟",
    ];

    private static void AssertPrediction(JsonElement prediction, IReadOnlyList<string> classes)
    {
        Assert.Equal(PredictionKeys, prediction.EnumerateObject().Select(property => property.Name));
        Assert.Contains(prediction.GetProperty("key").GetString(), classes);
        Assert.InRange(prediction.GetProperty("probability").GetDouble(), 0, 1);
        Assert.True(prediction.GetProperty("lowConfidence").ValueKind is JsonValueKind.True or JsonValueKind.False);
        var probabilities = prediction.GetProperty("probabilities");
        Assert.Equal(classes, probabilities.EnumerateObject().Select(property => property.Name));
        Assert.Equal(1, probabilities.EnumerateObject().Sum(property => property.Value.GetDouble()), 2);
        Assert.Equal(probabilities.GetProperty(prediction.GetProperty("key").GetString()!).GetDouble(), prediction.GetProperty("probability").GetDouble());
    }

    private static void AssertResult(JsonElement result, string text)
    {
        Assert.Equal(JsonKeys, result.EnumerateObject().Select(property => property.Name));
        Assert.Equal(text, result.GetProperty("text").GetString());
        AssertPrediction(result.GetProperty("sentiment"), FeedbackTaxonomy.SentimentKeys);
        AssertPrediction(result.GetProperty("topic"), FeedbackTaxonomy.TopicKeys);
        var reviewReason = result.GetProperty("reviewReason").GetString();
        Assert.Contains(reviewReason, ReviewLabels);
        Assert.Equal(reviewReason != "no", result.GetProperty("needsReview").GetBoolean());
    }

    [Fact]
    public void Classifying_one_text_prints_sentiment_topic_and_review_lines()
    {
        var run = CliRun.Of("classify", Inputs[0], "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, run.OutLines.Length);
        var sentiment = run.OutLines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var topic = run.OutLines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var review = run.OutLines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sentiment", sentiment[0]);
        Assert.Contains(sentiment[1], FeedbackTaxonomy.SentimentKeys);
        Assert.Equal("topic", topic[0]);
        Assert.Contains(topic[1], FeedbackTaxonomy.TopicKeys);
        Assert.Equal("review", review[0]);
        Assert.Contains(review[1], ReviewLabels);
    }

    [Fact]
    public void Classifying_a_text_without_words_flags_it_for_review()
    {
        var run = CliRun.Of("classify", "😡😡", "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("review     no-words", run.OutLines[^1]);
    }

    [Fact]
    public void Classifying_one_text_as_json_prints_one_object()
    {
        var run = CliRun.Of("classify", Inputs[2], "--json", "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(Assert.Single(run.OutLines));
        AssertResult(document.RootElement, Inputs[2]);
    }

    [Fact]
    public void Each_line_of_stdin_gets_one_result_line()
    {
        var run = CliRun.WithInput(string.Join('\n', Inputs) + "\n", "classify", "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sentiment\tp\ttopic\tp\treview\ttext", lines[0]);
        var results = lines[1..];
        Assert.Equal(Inputs.Length, results.Length);
        for (var i = 0; i < Inputs.Length; i++)
        {
            var fields = results[i].Split('\t');
            Assert.Equal(6, fields.Length);
            Assert.Contains(fields[0], FeedbackTaxonomy.SentimentKeys);
            Assert.Contains(fields[2], FeedbackTaxonomy.TopicKeys);
            Assert.Contains(fields[4], ReviewLabels);
            Assert.Equal(Inputs[i], fields[5]);
        }
        Assert.Equal("no-words", results[3].Split('\t')[4]);
    }

    [Fact]
    public void Each_line_of_stdin_gets_one_json_object_with_json()
    {
        var run = CliRun.WithInput(string.Join("\r\n", Inputs), "classify", "--json", "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(Inputs.Length, lines.Length);
        for (var i = 0; i < Inputs.Length; i++)
        {
            using var document = JsonDocument.Parse(lines[i]);
            AssertResult(document.RootElement, Inputs[i]);
        }
    }

    [Fact]
    public void The_same_text_gets_the_same_answer_as_argument_and_on_stdin()
    {
        var argument = CliRun.Of("classify", Inputs[1], "--json", "--model", fixture.ModelPath);
        var stdin = CliRun.WithInput(Inputs[1] + "\n", "classify", "--json", "--model", fixture.ModelPath);

        Assert.Equal(argument.Out, stdin.Out);
    }

    [Fact]
    public void Empty_stdin_prints_only_the_heading()
    {
        var run = CliRun.Of("classify", "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["sentiment\tp\ttopic\tp\treview\ttext"], run.OutLines);
    }

    [Fact]
    public void A_bad_model_path_fails_with_a_clear_message()
    {
        var model = Path.Combine(fixture.WorkDirectory, "no-such-model.fbm");

        var run = CliRun.Of("classify", Inputs[0], "--model", model);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"model file not found: {model}", run.Error);
        Assert.Contains("./feedback train", run.Error);
        Assert.Equal("", run.Out);
    }
}
