using System.Text.Json;

namespace Feedback.Cli.Tests.Commands;

[Collection(CliGroup.Name)]
public class EvaluateCommandTests(CliFixture fixture)
{
    private static readonly string[] SentimentShape = ["n", "accuracy", "macroF1", "binaryAccuracy"];
    private static readonly string[] TopicShape = ["n", "accuracy", "macroF1"];

    private string FileOf(string which) => which switch
    {
        "mixed" => fixture.MixedFile,
        "polar" => fixture.PolarFile,
        "polar-no-topic" => fixture.PolarWithoutTopicsFile,
        "no-topic" => fixture.WithoutTopicsFile,
        _ => throw new ArgumentOutOfRangeException(nameof(which), which, null),
    };

    private static int Rows(string path) => File.ReadAllLines(path).Skip(1).Count(line => line.Length > 0);

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(property => property.Name).ToArray();

    private static void AssertScore(JsonElement element, string name)
    {
        Assert.Equal(JsonValueKind.Number, element.GetProperty(name).ValueKind);
        Assert.InRange(element.GetProperty(name).GetDouble(), 0, 1);
    }

    [Theory]
    [InlineData("mixed", true, false)]
    [InlineData("polar", true, true)]
    [InlineData("polar-no-topic", false, true)]
    [InlineData("no-topic", false, false)]
    public void Json_output_is_exactly_one_object_of_the_documented_shape(string which, bool hasTopic, bool hasBinaryAccuracy)
    {
        var path = FileOf(which);

        var run = CliRun.Of("evaluate", "--data", path, "--model", fixture.ModelPath, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(run.OutLines);
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal(["sentiment", "topic"], Names(root));

        var sentiment = root.GetProperty("sentiment");
        Assert.Equal(SentimentShape, Names(sentiment));
        Assert.Equal(Rows(path), sentiment.GetProperty("n").GetInt32());
        AssertScore(sentiment, "accuracy");
        AssertScore(sentiment, "macroF1");
        if (hasBinaryAccuracy)
            AssertScore(sentiment, "binaryAccuracy");
        else
            Assert.Equal(JsonValueKind.Null, sentiment.GetProperty("binaryAccuracy").ValueKind);

        var topic = root.GetProperty("topic");
        if (hasTopic)
        {
            Assert.Equal(JsonValueKind.Object, topic.ValueKind);
            Assert.Equal(TopicShape, Names(topic));
            Assert.Equal(Rows(path), topic.GetProperty("n").GetInt32());
            AssertScore(topic, "accuracy");
            AssertScore(topic, "macroF1");
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, topic.ValueKind);
        }
    }

    [Fact]
    public void Text_output_lists_per_class_figures_and_a_confusion_matrix()
    {
        var run = CliRun.Of("evaluate", "--data", fixture.MixedFile, "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.OutLines, line => line.StartsWith($"sentiment (n={Rows(fixture.MixedFile)}): accuracy", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, line => line.StartsWith($"topic (n={Rows(fixture.MixedFile)}): accuracy", StringComparison.Ordinal));
        var headings = run.OutLines.Where(line => line.StartsWith("class", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, headings.Length);
        Assert.All(headings, heading => Assert.Equal(["class", "precision", "recall", "f1", "support"], heading.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(2, run.OutLines.Count(line => line.StartsWith("confusion matrix", StringComparison.Ordinal)));
        foreach (var key in new[] { "negative", "neutral", "positive", "water", "electricity", "other" })
        {
            var rows = run.OutLines.Where(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] == key).ToArray();
            Assert.True(rows.Length == 2, $"expected a figures row and a matrix row for {key}:\n{run.Out}");
            var figures = rows[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
            Assert.Equal(4, figures.Length);
            Assert.All(figures[..3], figure => Assert.InRange(double.Parse(figure, System.Globalization.CultureInfo.InvariantCulture), 0, 1));
        }
    }

    [Fact]
    public void Text_output_says_when_no_row_has_a_topic()
    {
        var run = CliRun.Of("evaluate", "--data", fixture.WithoutTopicsFile, "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("no row has a topic label", run.Out);
        Assert.Single(run.OutLines, line => line.StartsWith("confusion matrix", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_output_shows_binary_accuracy_for_a_negative_positive_set()
    {
        var run = CliRun.Of("evaluate", "--data", fixture.PolarFile, "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("binary accuracy", run.Out);
    }

    [Theory]
    [InlineData("bad-sentiment.tsv", "text\tsentiment\ttopic\nآب نداریم\tnegative\twater\nبرق رفت\tangry\telectricity\n", 3)]
    [InlineData("bad-fields.tsv", "text\tsentiment\ttopic\nآب نداریم\tnegative\n", 2)]
    [InlineData("bad-header.tsv", "متن\tاحساس\tموضوع\nآب نداریم\tnegative\twater\n", 1)]
    [InlineData("bad-topic.tsv", "text\tsentiment\ttopic\nآب نداریم\tnegative\twater\n\nگاز\tneutral\tgaz\n", 4)]
    public void A_malformed_file_fails_naming_the_file_and_line(string name, string content, int line)
    {
        var path = fixture.WriteFile(name, content);

        foreach (var json in new[] { false, true })
        {
            var run = json
                ? CliRun.Of("evaluate", "--data", path, "--model", fixture.ModelPath, "--json")
                : CliRun.Of("evaluate", "--data", path, "--model", fixture.ModelPath);

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains(run.Error.Split('\n'), errorLine => errorLine.Contains($"{path}:{line}:", StringComparison.Ordinal));
            Assert.Equal("", run.Out);
        }
    }

    [Fact]
    public void A_file_without_rows_fails()
    {
        var path = fixture.WriteFile("header-only.tsv", "text\tsentiment\ttopic\n");

        var run = CliRun.Of("evaluate", "--data", path, "--model", fixture.ModelPath, "--json");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(path, run.Error);
        Assert.Contains("no labelled rows", run.Error);
    }

    [Fact]
    public void A_missing_data_option_fails_with_a_message()
    {
        var run = CliRun.Of("evaluate", "--model", fixture.ModelPath, "--json");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--data", run.Error);
        Assert.DoesNotContain("\"sentiment\"", run.Out);
    }

    [Fact]
    public void A_missing_data_file_fails_with_its_path()
    {
        var path = Path.Combine(fixture.WorkDirectory, "no-such-file.tsv");

        var run = CliRun.Of("evaluate", "--data", path, "--model", fixture.ModelPath);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(path, run.Error);
        Assert.Contains("not found", run.Error);
    }

    [Fact]
    public void A_bad_model_path_fails_with_a_clear_message()
    {
        var model = Path.Combine(fixture.WorkDirectory, "no-such-model.fbm");

        var run = CliRun.Of("evaluate", "--data", fixture.MixedFile, "--model", model, "--json");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"model file not found: {model}", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void A_file_that_is_not_a_model_fails_with_a_clear_message()
    {
        var model = fixture.WriteFile("not-a-model.fbm", "this is not a model");

        var run = CliRun.Of("evaluate", "--data", fixture.MixedFile, "--model", model);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("not a feedback classifier model file", run.Error);
    }
}
