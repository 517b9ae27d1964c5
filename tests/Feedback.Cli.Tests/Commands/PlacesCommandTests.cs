namespace Feedback.Cli.Tests.Commands;

public sealed class PlacesCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("places-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string FileWith(params string[] lines)
    {
        var path = Path.Combine(directory, "places.tsv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Evaluate_prints_precision_recall_and_abstentions_and_lists_misses()
    {
        var path = FileWith("text\tprovince\tcounty", "آب ابهر قطعه\tzanjan\tabhar", "برق قیدار رفته\tzanjan\tabhar", "سلام\tzanjan\t", "روستای سهرین آب نداره\tzanjan\tzanjan");

        var run = CliRun.Of("places", "evaluate", "--data", path, "--misses");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("messages 4, with a county 3, without 1", run.OutLines[0]);
        Assert.Equal("inferred 2, correct 1, abstained 2, inferred where none was right 0", run.OutLines[1]);
        Assert.Equal("precision 0.500  recall 0.333", run.OutLines[2]);
        Assert.Equal(5, run.OutLines.Length);
        Assert.Contains("expected abhar\tgot khodabandeh (Inferred)", run.OutLines[3], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text\tsentiment\ttopic", "line 1: the first line must be the header")]
    [InlineData("text\tprovince\tcounty\nآب ابهر قطعه\tzanjan", "line 2: expected text, province and county")]
    [InlineData("text\tprovince\tcounty\nآب ابهر قطعه\tatlantis\t", "line 2: unknown province \"atlantis\"")]
    [InlineData("text\tprovince\tcounty\nآب ابهر قطعه\tzanjan\tshiraz", "line 2: \"shiraz\" is not a county of zanjan")]
    public void A_bad_file_is_a_clear_error_and_exit_code_2(string content, string expected)
    {
        var path = FileWith(content);

        var run = CliRun.Of("places", "evaluate", "--data", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var run = CliRun.Of("places", "evaluate", "--data", Path.Combine(directory, "none.tsv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("file not found", run.Error, StringComparison.Ordinal);
    }
}
