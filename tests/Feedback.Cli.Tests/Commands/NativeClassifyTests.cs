using System.Diagnostics;
using System.Text.Json;

namespace Feedback.Cli.Tests.Commands;

/// <summary>
/// The NativeAOT build of `classify` and `bench` (functions/Feedback.Cli.Native), published once for the class the way
/// ./feedback publishes it: the binary a user runs, with ML.NET's reflection resolved ahead of time (ml-net.rd.xml).
/// </summary>
public sealed class NativeCli : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("feedback-native-tests-");

    public NativeCli()
    {
        var root = RepositoryPaths.Find()?.Root ?? throw new InvalidOperationException("Feedback.sln not found above the test binary");
        var project = Path.Combine(root, "functions", "Feedback.Cli.Native", "Feedback.Cli.Native.csproj");
        Publish = Start("dotnet", ["publish", project, "-c", "Release", "-p:UseCurrentRuntimeIdentifier=true", "-o", _directory.FullName, "--nologo", "-v", "quiet"], "", TimeSpan.FromMinutes(20));
        Executable = Path.Combine(_directory.FullName, "feedback-native");
    }

    /// <summary>The run of `dotnet publish` that compiled it.</summary>
    public CliRun Publish { get; }

    public string Executable { get; }

    public CliRun Run(string stdin, params string[] args) => Start(Executable, args, stdin, TimeSpan.FromMinutes(2));

    private static CliRun Start(string fileName, IEnumerable<string> args, string stdin, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new CliRun(process.ExitCode, output.Result, error.Result);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}

[Collection(CliGroup.Name)]
public class NativeClassifyTests(CliFixture fixture, NativeCli native) : IClassFixture<NativeCli>
{
    private static readonly string[] Inputs =
    [
        "آب محله ما از صبح قطعه",
        "برق سه ساعته رفته یخچال خراب شد",
        "ممنون از پرسنل بیمارستان، خیلی خوب بودن 🙏",
        "😡😡",
        "سه بار رفتم دفتر پیشخوان و هر بار گفتن سامانه قطعه",
        "nobat dadan vase MRI 3 mah tool keshid",
    ];

    [Fact]
    public void The_native_build_classifies_as_the_cli_does()
    {
        Assert.True(native.Publish.ExitCode == 0, native.Publish.ToString());
        var stdin = string.Join('\n', Inputs) + "\n";

        var expected = CliRun.WithInput(stdin, "classify", "--json", "--model", fixture.ModelPath);
        var actual = native.Run(stdin, "classify", "--json", "--model", fixture.ModelPath);

        Assert.True(expected.ExitCode == 0, expected.ToString());
        Assert.True(actual.ExitCode == 0, actual.ToString());
        Assert.Equal(expected.OutLines.Length, actual.OutLines.Length);
        foreach (var (want, got) in expected.OutLines.Zip(actual.OutLines))
            AssertSameResult(JsonDocument.Parse(want).RootElement, JsonDocument.Parse(got).RootElement);
    }

    [Fact]
    public void The_native_build_refuses_a_damaged_model_as_the_cli_does()
    {
        var bytes = File.ReadAllBytes(fixture.ModelPath);
        var damaged = Path.Combine(fixture.WorkDirectory, "native-damaged.fbm");
        File.WriteAllBytes(damaged, bytes[..(bytes.Length / 2)]);

        var expected = CliRun.Of("classify", Inputs[0], "--model", damaged);
        var actual = native.Run("", "classify", Inputs[0], "--model", damaged);

        Assert.NotEqual(0, expected.ExitCode);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.Error.Trim(), actual.Error.Trim());
        Assert.Equal("", actual.Out);
    }

    [Fact]
    public void The_native_bench_answers_with_nothing_compiled_at_run_time()
    {
        var run = native.Run("", "bench", "classifier", "--seconds", "0.2", "--model", fixture.ModelPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.OutLines, line => line.StartsWith("process start to Main", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, line => line.StartsWith("compiled at run time before the first answer: 0 methods", StringComparison.Ordinal));
    }

    /// <summary>The same labels, review reason and text; probabilities equal to the fourth decimal (the same model, another compiler's float code).</summary>
    private static void AssertSameResult(JsonElement expected, JsonElement actual)
    {
        Assert.Equal(expected.GetProperty("text").GetString(), actual.GetProperty("text").GetString());
        Assert.Equal(expected.GetProperty("reviewReason").GetString(), actual.GetProperty("reviewReason").GetString());
        foreach (var head in (string[])["sentiment", "topic"])
        {
            var want = expected.GetProperty(head);
            var got = actual.GetProperty(head);
            Assert.Equal(want.GetProperty("key").GetString(), got.GetProperty("key").GetString());
            Assert.Equal(want.GetProperty("lowConfidence").GetBoolean(), got.GetProperty("lowConfidence").GetBoolean());
            foreach (var probability in want.GetProperty("probabilities").EnumerateObject())
                Assert.Equal(probability.Value.GetDouble(), got.GetProperty("probabilities").GetProperty(probability.Name).GetDouble(), 4);
        }
    }
}
