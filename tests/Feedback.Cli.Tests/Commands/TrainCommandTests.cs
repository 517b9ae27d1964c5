using Feedback.Classification;
using Feedback.Classification.Model;

namespace Feedback.Cli.Tests.Commands;

[Collection(CliGroup.Name)]
public class TrainCommandTests(CliFixture fixture)
{
    [Fact]
    public void Train_writes_the_model_file_and_prints_the_cross_validated_figures()
    {
        var run = fixture.Train;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(fixture.ModelPath), run.ToString());
        Assert.Contains($"wrote {fixture.ModelPath}", run.Out);
        Assert.Contains(run.OutLines, line => line.StartsWith("sentiment: cross-validated accuracy", StringComparison.Ordinal) && line.Contains("macro-F1", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, line => line.StartsWith("topic:", StringComparison.Ordinal) && line.Contains("cross-validated accuracy", StringComparison.Ordinal) && line.Contains("macro-F1", StringComparison.Ordinal));
        Assert.Contains("training data sha256 ", run.Out);
    }

    [Fact]
    public void Train_reports_each_data_file_on_stderr()
    {
        foreach (var file in fixture.TrainingFiles)
            Assert.Contains($"{Path.GetFileName(file)}: {CliFixture.TrainingRowsPerTopic} rows", fixture.Train.Error);
    }

    [Fact]
    public void The_written_model_loads_and_records_its_training_data()
    {
        var model = ModelFile.Read(fixture.ModelPath);

        Assert.Equal(fixture.TrainingFiles.Count, model.Header.TrainingData.Sources.Count);
        Assert.All(model.Header.TrainingData.Sources, source => Assert.Equal(CliFixture.TrainingRowsPerTopic, source.Rows));
        Assert.Equal(2, model.Header.Training.Folds);
        Assert.Contains(model.Header.TrainingData.Sha256, fixture.Train.Out);
        Assert.False(FeedbackClassifier.Load(fixture.ModelPath).Classify("آب نداریم").ReviewReason == ReviewReason.NoWords);
    }

    [Fact]
    public void Fewer_than_two_folds_are_refused()
    {
        var output = Path.Combine(fixture.WorkDirectory, "one-fold");

        var run = CliRun.Of(["train", "--data", .. fixture.TrainingFiles, "--out", output, "--folds", "1"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--folds", run.Error);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_malformed_data_file_names_the_file_and_line()
    {
        var bad = fixture.WriteFile("train-bad.tsv", "text\tsentiment\ttopic\nآب نداریم\tnegative\twater\nبرق رفت\tangry\telectricity\n");
        var output = Path.Combine(fixture.WorkDirectory, "bad-model");

        var run = CliRun.Of(["train", "--data", .. fixture.TrainingFiles, bad, "--out", output, "--folds", "2"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{bad}:3:", run.Error);
        Assert.Contains("unknown sentiment 'angry'", run.Error);
        Assert.False(File.Exists(Path.Combine(output, ModelFile.FileName)));
    }

    [Fact]
    public void A_missing_data_file_is_named()
    {
        var missing = Path.Combine(fixture.WorkDirectory, "no-such-file.tsv");

        var run = CliRun.Of("train", "--data", missing, "--out", Path.Combine(fixture.WorkDirectory, "missing-model"), "--folds", "2");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(missing, run.Error);
        Assert.Contains("not found", run.Error);
    }
}
