using System.Text.Json;

namespace Feedback.Cli.Tests.Commands;

[Collection(CliGroup.Name)]
public class BenchCommandTests(CliFixture fixture)
{
    private static readonly string[] Shape = ["classificationsPerSecond", "modelLoadMs", "modelBytes"];

    [Fact]
    public void Json_output_is_exactly_the_three_figures()
    {
        var run = CliRun.Of("bench", "classifier", "--json", "--seconds", "0.2", "--data", fixture.MixedFile, "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(Assert.Single(run.OutLines));
        var root = document.RootElement;
        Assert.Equal(Shape, root.EnumerateObject().Select(property => property.Name));
        Assert.All(root.EnumerateObject(), property =>
        {
            Assert.Equal(JsonValueKind.Number, property.Value.ValueKind);
            Assert.True(property.Value.GetDouble() > 0, $"{property.Name} is {property.Value}");
        });
        Assert.Equal(new FileInfo(fixture.ModelPath).Length, root.GetProperty("modelBytes").GetInt64());
    }

    [Fact]
    public void Text_output_describes_the_workload()
    {
        var run = CliRun.Of("bench", "classifier", "--seconds", "0.1", "--data", fixture.MixedFile, "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("classifications/s", run.Out);
        var rows = File.ReadAllLines(fixture.MixedFile).Length - 1;
        Assert.Contains($"workload: {rows} messages", run.Out);
    }

    [Fact]
    public void Text_output_breaks_the_startup_down_by_stage()
    {
        var run = CliRun.Of("bench", "classifier", "--seconds", "0.1", "--data", fixture.MixedFile, "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.OutLines.SkipWhile(line => !line.StartsWith("startup,", StringComparison.Ordinal)).ToList();
        int[] Lines(string[] stages) => [.. stages.Select(stage => lines.FindIndex(line => line.TrimStart().StartsWith(stage, StringComparison.Ordinal)))];
        // The load's ML.NET part runs on another thread beside the file checks: each thread's stages in order, and ML.NET's done before the wait for it ends.
        var main = Lines(["command line to the bench", "read the file", "unzip, check hashes and provenance", "feature table", "waiting for ML.NET's part", "first classification"]);
        var beside = Lines(["beside: ML.NET's start", "beside: Model.Load", "beside: check the output schema", "beside: scoring engine"]);
        Assert.All(main.Concat(beside), index => Assert.True(index >= 0, run.Out));
        Assert.Equal(main.Order(), main);
        Assert.Equal(beside.Order(), beside);
        Assert.True(beside[^1] < main[4], run.Out);
    }

    [Fact]
    public void Text_output_counts_what_was_compiled_at_run_time_before_the_first_answer()
    {
        var run = CliRun.Of("bench", "classifier", "--seconds", "0.1", "--data", fixture.MixedFile, "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(run.OutLines, line => line.StartsWith("compiled at run time before the first answer: ", StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(line, @": (\d+) methods in (\d+) ms of JIT \(all threads\); (\d+) assemblies loaded$");
        Assert.True(match.Success, line);
        Assert.All(match.Groups.Values.Skip(1), group => Assert.True(long.Parse(group.Value, System.Globalization.CultureInfo.InvariantCulture) >= 0, line));
        Assert.True(int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, line);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("601")]
    public void Out_of_range_seconds_are_refused(string seconds)
    {
        var run = CliRun.Of("bench", "classifier", "--json", "--seconds", seconds, "--data", fixture.MixedFile, "--model", fixture.ModelPath);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--seconds", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void A_bad_model_path_fails_with_a_clear_message()
    {
        var model = Path.Combine(fixture.WorkDirectory, "no-such-model.fbm");

        var run = CliRun.Of("bench", "classifier", "--json", "--seconds", "0.1", "--data", fixture.MixedFile, "--model", model);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"model file not found: {model}", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void A_malformed_workload_file_names_the_file_and_line()
    {
        var path = fixture.WriteFile("bench-bad.tsv", "text\tsentiment\ttopic\nآب نداریم\tnegative\n");

        var run = CliRun.Of("bench", "classifier", "--json", "--seconds", "0.1", "--data", path, "--model", fixture.ModelPath);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{path}:2:", run.Error);
    }
}
