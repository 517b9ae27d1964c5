using System.CommandLine;
using System.Diagnostics;
using System.Runtime;
using System.Text.Json;
using Feedback.Classification;
using Feedback.Classification.Labelled;
using Feedback.Classification.Model;

namespace Feedback.Cli.Commands;

/// <summary>
/// `feedback bench classifier`: single-thread classification throughput over the corpus's real mix of
/// message lengths, the cold model load time of this process, how long after the process started the
/// first classification was answered (with where that time went: the process start to Main (the dotnet host, or the native runtime), each stage
/// of the model load, the first prediction), and the model file's size. The detailed
/// micro-benchmarks are in tests/Feedback.Benchmarks (BenchmarkDotNet).
/// </summary>
public static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object on stdout" };
        var seconds = new Option<double>("--seconds") { Description = "How long each throughput run lasts", DefaultValueFactory = _ => 3 };
        var data = new Option<string[]>("--data") { Description = "Labelled TSV files whose texts are the workload. Default: the team's corpus", AllowMultipleArgumentsPerToken = true };
        var model = ModelOption.Create();
        var classifier = new Command("classifier", "Classifications per second on one thread, model load time and model size") { json, seconds, data, model };
        classifier.SetAction(parse => RunClassifier(console, parse.GetValue(json), parse.GetValue(seconds), parse.GetValue(data), parse.GetValue(model)));
        return new Command("bench", "Re-runnable performance measurements") { classifier };
    }

    private static int RunClassifier(CliConsole console, bool json, double seconds, string[]? dataFiles, string? modelPath)
    {
        if (seconds is <= 0 or > 600)
            throw new CliException("--seconds must be between 0 and 600");
        var path = ModelOption.Resolve(modelPath);
        // Main is not entered when a test runs the command in its own process.
        List<(string Stage, DateTime At)> marks = StartupClock.MainEnteredUtc == default ? [] : [("process start to Main", StartupClock.MainEnteredUtc)];
        marks.Add(("command line to the bench", DateTime.UtcNow));
        var loadWatch = Stopwatch.StartNew();
        // The model file's load marks its stages from two threads.
        var classifier = FeedbackClassifier.Load(path, stage =>
        {
            lock (marks)
                marks.Add((stage, DateTime.UtcNow));
        });
        var modelLoadMs = loadWatch.Elapsed.TotalMilliseconds;
        classifier.Classify("قبض آب این ماه دو برابر شده");
        var firstClassificationMs = loadWatch.Elapsed.TotalMilliseconds - modelLoadMs;
        marks.Add(("first classification", DateTime.UtcNow));
        var startupCompiled = (Methods: JitInfo.GetCompiledMethodCount(), Time: JitInfo.GetCompilationTime(), Assemblies: AppDomain.CurrentDomain.GetAssemblies().Length);
        var processStarted = StartupClock.ProcessStartedUtc();
        var sinceProcessStartMs = (marks[^1].At - processStarted).TotalMilliseconds;
        var modelBytes = new FileInfo(path).Length;

        var texts = WorkloadTexts(dataFiles);
        var typical = texts.Where(text => text.Length is >= 60 and <= 100).ToArray();

        var duration = TimeSpan.FromSeconds(seconds);
        Throughput(classifier, texts, TimeSpan.FromSeconds(Math.Min(1, seconds)));
        var mixRate = Throughput(classifier, texts, duration);
        var typicalRate = typical.Length > 0 ? Throughput(classifier, typical, duration) : double.NaN;

        if (json)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteNumber("classificationsPerSecond", Math.Round(mixRate));
                writer.WriteNumber("modelLoadMs", Math.Round(modelLoadMs, 2));
                writer.WriteNumber("modelBytes", modelBytes);
                writer.WriteEndObject();
            }
            console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            return ExitCodes.Success;
        }
        console.Out.WriteLine($"model {path}: {modelBytes:N0} bytes, loaded in {modelLoadMs:0.0} ms (cold, first load in this process)");
        console.Out.WriteLine($"first classification {firstClassificationMs:0.0} ms after the load; {sinceProcessStartMs:0} ms after the process started");
        console.Out.WriteLine("startup, ms after the process started (the kernel's start time: ±10 ms):   at   took");
        foreach (var (stage, at, took) in StageDurations(processStarted, marks))
            console.Out.WriteLine($"  {stage,-40} {at,6:0} {took,6:0}");
        // What ReadyToRun left to the JIT (generic instantiations it could not pregenerate, emitted code), on every thread.
        console.Out.WriteLine($"compiled at run time before the first answer: {startupCompiled.Methods} methods in {startupCompiled.Time.TotalMilliseconds:0} ms of JIT (all threads); {startupCompiled.Assemblies} assemblies loaded");
        console.Out.WriteLine($"workload: {texts.Length} messages, mean length {texts.Average(text => text.Length):0} characters");
        console.Out.WriteLine($"one thread, both models, mixed lengths:   {mixRate,10:N0} classifications/s");
        console.Out.WriteLine($"one thread, both models, 60–100 characters ({typical.Length} messages): {typicalRate,10:N0} classifications/s");
        console.Out.WriteLine($"process working set {Environment.WorkingSet / (1024 * 1024)} MiB");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Each stage's end and length. The stages the model file's load runs on another thread (named
    /// "beside: …") are timed from the one before them on that thread, the first from when the file had
    /// been read (that thread starts then); the others from the one before them on the main thread.
    /// </summary>
    private static IEnumerable<(string Stage, double At, double Took)> StageDurations(DateTime processStarted, List<(string Stage, DateTime At)> marks)
    {
        var main = processStarted;
        DateTime? beside = null;
        foreach (var (stage, at) in marks)
        {
            var isBeside = stage.StartsWith(ModelFile.BesideStage, StringComparison.Ordinal);
            var previous = isBeside ? beside ?? marks.First(mark => mark.Stage == ModelFile.FileReadStage).At : main;
            yield return (stage, (at - processStarted).TotalMilliseconds, (at - previous).TotalMilliseconds);
            if (isBeside)
                beside = at;
            else
                main = at;
        }
    }

    private static string[] WorkloadTexts(string[]? dataFiles)
    {
        var files = dataFiles is { Length: > 0 } ? dataFiles
            : RepositoryPaths.Find()?.CorpusFiles() ?? throw new CliException("--data is required outside the repository");
        var texts = files.SelectMany(file => LabelledTsv.Read(file)).Select(message => message.Text).ToArray();
        if (texts.Length == 0)
            throw new CliException("the workload has no messages");
        new Random(7).Shuffle(texts);
        return texts;
    }

    private static double Throughput(FeedbackClassifier classifier, string[] texts, TimeSpan duration)
    {
        var count = 0L;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            foreach (var text in texts)
                classifier.Classify(text);
            count += texts.Length;
        }
        return count / watch.Elapsed.TotalSeconds;
    }
}
