using BenchmarkDotNet.Attributes;
using Feedback.Classification;
using Feedback.Classification.Features;
using Feedback.Classification.Model;
using Feedback.Classification.Normalization;

namespace Feedback.Benchmarks;

/// <summary>Each stage of classifying one message, on real messages of three typical lengths.</summary>
[MemoryDiagnoser]
public class ClassifierBenchmarks
{
    private FeedbackClassifier _classifier = null!;
    private FeatureExtractor _extractor = null!;
    private readonly FeatureBuffer _buffer = new();
    private string[] _messages = [];
    private string[] _normalized = [];
    private int _next;

    [Params("short (≤ 30)", "typical (60–100)", "long (≥ 300)")]
    public string Length { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _classifier = FeedbackClassifier.Load(CorpusMessages.ModelPath);
        _extractor = new FeatureExtractor(_classifier.Model.Features);
        _messages = Length switch
        {
            "short (≤ 30)" => CorpusMessages.WithLength(1, 30),
            "typical (60–100)" => CorpusMessages.WithLength(60, 100),
            _ => CorpusMessages.WithLength(300, 5_000),
        };
        _normalized = _messages.Select(PersianNormalizer.Normalize).ToArray();
    }

    private int Next() => _next = (_next + 1) % _messages.Length;

    [Benchmark]
    public string Normalize() => PersianNormalizer.Normalize(_messages[Next()]);

    [Benchmark]
    public int CountFeatures()
    {
        _extractor.CountFeatures(_normalized[Next()], _buffer);
        return _buffer.Count;
    }

    [Benchmark(Baseline = true)]
    public FeedbackClassification Classify() => _classifier.Classify(_messages[Next()]);
}

/// <summary>Reading the shipped model file, as the app does once at start.</summary>
[MemoryDiagnoser]
public class ModelLoadBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup() => _path = CorpusMessages.ModelPath;

    [Benchmark]
    public ClassifierModel LoadModel() => ModelFile.Read(_path);
}
