using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Feedback.Classification.Model;
using Feedback.Classification.Taxonomy;
using Feedback.Classification.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

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
        var path = Path.Combine(_directory.FullName, "broken.zip");
        File.WriteAllBytes(path, bytes);
        Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));
        var exception = Assert.Throws<ModelFormatException>(() => ModelFile.Read(path));
        Assert.Contains(path, exception.Message);
        return exception;
    }

    /// <summary>The fixture's model file (or <paramref name="modelBytes"/>) with one entry's content changed (the zip itself stays well-formed).</summary>
    private byte[] WithEntry(string name, Func<byte[], byte[]> change, byte[]? modelBytes = null)
    {
        using var source = new ZipArchive(new MemoryStream(modelBytes ?? fixture.ModelBytes), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var reader = entry.Open();
                using var content = new MemoryStream();
                reader.CopyTo(content);
                var bytes = entry.FullName == name ? change(content.ToArray()) : content.ToArray();
                using var writer = target.CreateEntry(entry.FullName).Open();
                writer.Write(bytes);
            }
        }
        return output.ToArray();
    }

    private byte[] WithProvenance(string find, string replace) => WithEntry(ModelFile.ProvenanceEntry, json =>
    {
        var text = Encoding.UTF8.GetString(json);
        Assert.Contains(find, text);
        return Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal));
    });

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
    public void The_header_records_the_taxonomy_the_features_the_training_data_and_the_contents()
    {
        var header = fixture.Model.Header;

        Assert.Equal(ModelFile.FormatVersion, header.FormatVersion);
        Assert.Equal(typeof(MLContext).Assembly.GetName().Version!.ToString(), header.MlNetVersion);
        Assert.Equal(FeedbackTaxonomy.SentimentKeys, header.SentimentKeys);
        Assert.Equal(FeedbackTaxonomy.TopicKeys, header.TopicKeys);
        Assert.Equal(FeatureSettings.From(TrainedModelFixture.Options.Features, TrainedModelFixture.Options.MinDocumentFrequency), header.Features);
        Assert.Equal(fixture.Sources.Select(source => source.DisplayPath), header.TrainingData.Sources.Select(source => source.Path));
        Assert.All(header.TrainingData.Sources, source => Assert.Equal(TrainedModelFixture.RowsPerFile, source.Rows));
        Assert.Equal(TrainedModelFixture.Options.Folds, header.Training.Folds);
        Assert.Equal(ClassifierTrainer.TrainerName, header.Training.Trainer);
        Assert.Contains(header.Training.SentimentRegularization, TrainedModelFixture.Options.RegularizationGrid);
        Assert.Contains(header.Training.TopicRegularization, TrainedModelFixture.Options.RegularizationGrid);
        Assert.InRange(header.Metrics.Topic.CrossValidatedAccuracy, 0, 1);
        Assert.InRange(header.Metrics.Sentiment.CrossValidatedMacroF1, 0, 1);
        Assert.Equal(TrainedModelFixture.RowsPerFile * fixture.Sources.Count, header.Metrics.Topic.Rows);
        Assert.Equal([ModelFile.ModelEntry, ModelFile.FeaturesEntry], header.Contents.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Training_twice_gives_byte_identical_files()
    {
        var again = ClassifierTrainer.Train(TrainedModelFixture.ReadSources(), TrainedModelFixture.Options);

        Assert.Equal(fixture.ModelBytes, TrainedModelFixture.ToBytes(again));
    }

    [Fact]
    public void Both_heads_are_one_plain_ML_NET_model_zip()
    {
        using var zip = new ZipArchive(new MemoryStream(fixture.ModelBytes), ZipArchiveMode.Read);
        using var stream = new MemoryStream();
        zip.GetEntry(ModelFile.ModelEntry)!.Open().CopyTo(stream);
        stream.Position = 0;

        var model = new MLContext().Model.Load(stream, out var inputSchema);
        var output = model.GetOutputSchema(inputSchema);

        Assert.Equal(fixture.Model.Columns.Count, Assert.IsType<VectorDataViewType>(inputSchema["Features"].Type).Size);
        Assert.Equal(3, Assert.IsType<VectorDataViewType>(output["SentimentScore"].Type).Size);
        Assert.Equal(14, Assert.IsType<VectorDataViewType>(output["TopicScore"].Type).Size);
    }

    [Fact]
    public void A_read_model_brings_the_scoring_engine_its_load_made_beside_the_checks_once()
    {
        var model = ModelFile.Read(fixture.ModelBytes);

        var engine = model.TakePreparedEngine();

        Assert.NotNull(engine);
        Assert.Null(model.TakePreparedEngine());
        var (sentiment, topic) = engine.Predict();
        Assert.Equal(FeedbackTaxonomy.SentimentKeys.Count, sentiment.Length);
        Assert.Equal(FeedbackTaxonomy.TopicKeys.Count, topic.Length);
        Assert.Equal(1f, topic.Sum(), 3);
    }

    [Fact]
    public void A_model_that_answers_one_head_only_is_refused()
    {
        // A zip of the format before the heads were joined: one multiclass model, writing Score alone.
        byte[] oneHead = [];
        var bytes = WithEntry(ModelFile.ModelEntry, zip =>
        {
            var context = new MLContext();
            var model = (TransformerChain<ITransformer>)context.Model.Load(new MemoryStream(zip), out var inputSchema);
            using var saved = new MemoryStream();
            context.Model.Save(model.First(), inputSchema, saved);
            return oneHead = saved.ToArray();
        });
        // Its hash recorded, so that only the missing head can be what is refused.
        bytes = WithEntry(ModelFile.ProvenanceEntry, json => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json)
            .Replace(fixture.Model.Header.Contents[ModelFile.ModelEntry], ModelFile.Sha256(oneHead), StringComparison.Ordinal)), bytes);

        var message = ReadBroken(bytes).Message;

        Assert.Contains("SentimentScore", message);
        Assert.Contains("./feedback train", message);
    }

    [Fact]
    public void A_newer_format_version_is_refused_saying_to_update_the_program()
    {
        var message = ReadBroken(WithProvenance($"\"formatVersion\": {ModelFile.FormatVersion}", $"\"formatVersion\": {ModelFile.FormatVersion + 1}")).Message;

        Assert.Contains($"version {ModelFile.FormatVersion + 1} is newer", message);
        Assert.Contains("update the program", message);
    }

    [Fact]
    public void An_older_format_version_is_refused_saying_to_retrain()
    {
        var message = ReadBroken(WithProvenance($"\"formatVersion\": {ModelFile.FormatVersion}", "\"formatVersion\": 1")).Message;

        Assert.Contains("version 1 is older", message);
        Assert.Contains("./feedback train", message);
    }

    [Fact]
    public void A_file_of_the_format_before_ML_NET_is_refused_saying_to_retrain()
    {
        byte[] oldFormat = [.. "FBCLSMDL"u8, 1, 0, 0, 0, .. new byte[200]];

        var message = ReadBroken(oldFormat).Message;

        Assert.Contains("not a feedback classifier model file", message);
        Assert.Contains("./feedback train", message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.9999)]
    public void A_truncated_file_is_refused(double keptShare)
    {
        var kept = Math.Min(fixture.ModelBytes.Length - 1, (int)(fixture.ModelBytes.Length * keptShare));

        Assert.Contains("./feedback train", ReadBroken(fixture.ModelBytes[..kept]).Message);
    }

    [Theory]
    [InlineData(ModelFile.FeaturesEntry)]
    [InlineData(ModelFile.ModelEntry)]
    public void A_changed_entry_is_caught_by_its_hash(string entry)
    {
        var bytes = WithEntry(entry, content =>
        {
            content[content.Length / 2] ^= 0x5A;
            return content;
        });

        var message = ReadBroken(bytes).Message;

        Assert.Contains($"{entry} does not match its SHA-256", message);
        Assert.Contains("./feedback train", message);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.99)]
    public void A_changed_byte_anywhere_is_refused(double at)
    {
        var bytes = (byte[])fixture.ModelBytes.Clone();
        bytes[(int)(bytes.Length * at)] ^= 0x5A;

        Assert.Contains("./feedback train", ReadBroken(bytes).Message);
    }

    [Fact]
    public void A_missing_entry_is_refused()
    {
        using var source = new ZipArchive(new MemoryStream(fixture.ModelBytes), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries.Where(entry => entry.FullName != ModelFile.ModelEntry))
            {
                using var writer = target.CreateEntry(entry.FullName).Open();
                entry.Open().CopyTo(writer);
            }
        }

        Assert.Contains($"no {ModelFile.ModelEntry}", ReadBroken(output.ToArray()).Message);
    }

    public static TheoryData<string, string> OtherTaxonomies() => new()
    {
        { "\"water\"", "\"watex\"" },
        { "\"neutral\"", "\"neutrxl\"" },
        { "\"negative\",", "\"positive\"," },
    };

    [Theory]
    [MemberData(nameof(OtherTaxonomies))]
    public void A_file_with_another_taxonomy_is_refused(string key, string replacement)
    {
        var message = ReadBroken(WithProvenance(key, replacement)).Message;

        Assert.Contains("taxonomy", message);
        Assert.Contains("./feedback train", message);
    }

    [Fact]
    public void A_garbled_provenance_is_refused()
    {
        var message = ReadBroken(WithProvenance("\"trainingData\"", "{\"trainingData\"")).Message;

        Assert.Contains(ModelFile.ProvenanceEntry, message);
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
}
