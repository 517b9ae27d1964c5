using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Feedback.Classification.Model;
using Feedback.Classification.Taxonomy;
using Feedback.Classification.Training;

namespace Feedback.Classification.Tests.Model;

[Collection(TrainedModelGroup.Name)]
public sealed class ModelFileTests(TrainedModelFixture fixture) : IDisposable
{
    private static readonly string[] Messages =
    [
        "آب محله ما از صبح قطعه",
        "برق سه ساعته رفته یخچال خراب شد",
        "ممنون از پرسنل بیمارستان خیلی خوب بودن",
        "کارت ملیم کی آماده میشه؟",
        "😡😡",
        "",
    ];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("model-file-tests-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static string HeaderJson(ModelHeader header) => JsonSerializer.Serialize(header, ModelHeaderJsonContext.Default.ModelHeader);

    private static void AssertSamePredictions(FeedbackClassifier expected, FeedbackClassifier actual)
    {
        foreach (var message in Messages)
        {
            var a = expected.Classify(message);
            var b = actual.Classify(message);
            Assert.Equal(a.Sentiment.Key, b.Sentiment.Key);
            Assert.Equal(a.Topic.Key, b.Topic.Key);
            Assert.Equal(a.Sentiment.Probabilities, b.Sentiment.Probabilities);
            Assert.Equal(a.Topic.Probabilities, b.Topic.Probabilities);
            Assert.Equal(a.ReviewReason, b.ReviewReason);
        }
    }

    private ModelFormatException ReadBroken(byte[] bytes)
    {
        var path = Path.Combine(_directory.FullName, "broken.fbm");
        File.WriteAllBytes(path, bytes);
        Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));
        return Assert.Throws<ModelFormatException>(() => ModelFile.Read(path));
    }

    /// <summary>A payload followed by its own checksum: edited files that a reader should judge by their content.</summary>
    private static byte[] Sealed(ReadOnlySpan<byte> payload)
    {
        var checksum = new byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, ModelFile.Checksum(payload));
        return [.. payload, .. checksum];
    }

    private byte[] Payload() => fixture.ModelBytes[..^sizeof(uint)];

    [Fact]
    public void A_written_file_reads_back_with_the_same_header_and_predictions()
    {
        var path = Path.Combine(_directory.FullName, "nested", ModelFile.FileName);

        ModelFile.Write(fixture.Model, path);
        var read = ModelFile.Read(path);

        Assert.Equal(HeaderJson(fixture.Model.Header), HeaderJson(read.Header));
        Assert.Equal(fixture.Model.Sentiment.Classes, read.Sentiment.Classes);
        Assert.Equal(fixture.Model.Topic.Classes, read.Topic.Classes);
        Assert.Equal(fixture.Model.Sentiment.LowConfidenceThreshold, read.Sentiment.LowConfidenceThreshold);
        Assert.Equal(fixture.Model.Topic.LowConfidenceThreshold, read.Topic.LowConfidenceThreshold);
        AssertSamePredictions(fixture.Classifier, new FeedbackClassifier(read));
        AssertSamePredictions(fixture.Classifier, FeedbackClassifier.Load(path));
    }

    [Fact]
    public void Reading_and_writing_again_gives_the_same_bytes()
    {
        var again = TrainedModelFixture.ToBytes(ModelFile.Read(fixture.ModelBytes));

        Assert.Equal(fixture.ModelBytes, again);
    }

    [Fact]
    public void Writing_a_file_replaces_an_older_one_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_directory.FullName, ModelFile.FileName);
        File.WriteAllText(path, "an older model");

        ModelFile.Write(fixture.Model, path);

        Assert.Equal(fixture.ModelBytes, File.ReadAllBytes(path));
        Assert.Equal([ModelFile.FileName], _directory.GetFiles().Select(file => file.Name));
    }

    [Fact]
    public void The_header_records_the_taxonomy_the_features_and_the_training_data()
    {
        var header = fixture.Model.Header;

        Assert.Equal(ModelFile.FormatVersion, header.FormatVersion);
        Assert.Equal(FeedbackTaxonomy.SentimentKeys, header.SentimentKeys);
        Assert.Equal(FeedbackTaxonomy.TopicKeys, header.TopicKeys);
        Assert.Equal(FeatureSettings.From(TrainedModelFixture.Options.Features), header.Features);
        Assert.Equal(fixture.Sources.Select(source => source.DisplayPath), header.TrainingData.Sources.Select(source => source.Path));
        Assert.All(header.TrainingData.Sources, source => Assert.Equal(TrainedModelFixture.RowsPerFile, source.Rows));
        Assert.Equal(TrainedModelFixture.Options.Folds, header.Training.Folds);
        Assert.Contains(header.Training.SentimentRegularization, TrainedModelFixture.Options.RegularizationGrid);
        Assert.Contains(header.Training.TopicRegularization, TrainedModelFixture.Options.RegularizationGrid);
        Assert.InRange(header.Metrics.Topic.CrossValidatedAccuracy, 0, 1);
        Assert.InRange(header.Metrics.Sentiment.CrossValidatedMacroF1, 0, 1);
        Assert.Equal(TrainedModelFixture.RowsPerFile * fixture.Sources.Count, header.Metrics.Topic.Rows);
    }

    [Fact]
    public void Training_twice_gives_byte_identical_files()
    {
        var again = ClassifierTrainer.Train(TrainedModelFixture.ReadSources(), TrainedModelFixture.Options);

        Assert.Equal(fixture.ModelBytes, TrainedModelFixture.ToBytes(again));
    }

    [Fact]
    public void Wrong_magic_bytes_are_rejected()
    {
        var bytes = (byte[])fixture.ModelBytes.Clone();
        bytes[0] = (byte)'X';

        Assert.Contains("magic", ReadBroken(bytes).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ModelFile.FormatVersion + 1)]
    [InlineData(-1)]
    public void Another_format_version_is_rejected(int version)
    {
        var bytes = (byte[])fixture.ModelBytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), version);

        var message = ReadBroken(bytes).Message;

        Assert.Contains($"version {version}", message);
        Assert.Contains("not supported", message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.0001)]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.9999)]
    public void A_truncated_file_is_rejected(double keptShare)
    {
        var kept = Math.Min(fixture.ModelBytes.Length - 1, (int)(fixture.ModelBytes.Length * keptShare));

        var message = ReadBroken(fixture.ModelBytes[..kept]).Message;

        Assert.True(message.Contains("truncated", StringComparison.Ordinal) || message.Contains("corrupt", StringComparison.Ordinal), message);
    }

    [Fact]
    public void A_file_one_byte_short_is_rejected_as_truncated() =>
        Assert.Contains("truncated", ReadBroken(fixture.ModelBytes[..^1]).Message);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(1000)]
    public void Trailing_bytes_are_rejected(int extra)
    {
        var bytes = Sealed([.. Payload(), .. new byte[extra]]);

        Assert.Contains("unexpected bytes", ReadBroken(bytes).Message);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.99)]
    public void A_changed_byte_is_caught_by_the_checksum(double at)
    {
        var bytes = (byte[])fixture.ModelBytes.Clone();
        bytes[(int)(bytes.Length * at)] ^= 0x5A;

        Assert.Contains("checksum", ReadBroken(bytes).Message);
    }

    /// <summary>Key edits of the same byte length, so the rest of the file stays well-formed.</summary>
    public static TheoryData<string, string> OtherTaxonomies() => new()
    {
        { "water", "watex" },
        { "neutral", "neutrxl" },
        { "negative", "positive" },
    };

    [Theory]
    [MemberData(nameof(OtherTaxonomies))]
    public void A_file_with_another_taxonomy_is_rejected(string key, string replacement)
    {
        var payload = Payload();
        var original = Encoding.UTF8.GetBytes(key);
        var at = payload.AsSpan().IndexOf(original);
        Assert.True(at > 0, $"key {key} not found in the model file");
        Encoding.UTF8.GetBytes(replacement).CopyTo(payload, at);

        var message = ReadBroken(Sealed(payload)).Message;

        Assert.Contains("taxonomy", message);
        Assert.Contains("./feedback train", message);
    }

    [Fact]
    public void A_missing_file_says_how_to_make_one()
    {
        var path = Path.Combine(_directory.FullName, ModelFile.FileName);

        var exception = Assert.Throws<ModelFormatException>(() => ModelFile.Read(path));

        Assert.Contains(path, exception.Message);
        Assert.Contains("./feedback train", exception.Message);
        Assert.Throws<ModelFormatException>(() => FeedbackClassifier.Load(path));
    }

    [Fact]
    public void A_garbled_header_still_classifies_and_is_reported_when_the_header_is_read()
    {
        var payload = Payload();
        var at = payload.AsSpan().IndexOf("\"trainingData\""u8);
        Assert.True(at > 0);
        payload[at] = (byte)'{';

        var model = ModelFile.Read(Sealed(payload));

        Assert.Equal(fixture.Classifier.Classify("آب نداریم").Topic.Key, new FeedbackClassifier(model).Classify("آب نداریم").Topic.Key);
        var exception = Assert.Throws<ModelFormatException>(() => model.Header);
        Assert.Contains("header", exception.Message);
    }

    [Fact]
    public void The_checksum_is_crc32c() =>
        Assert.Equal(0xE3069283u, ModelFile.Checksum("123456789"u8));
}
