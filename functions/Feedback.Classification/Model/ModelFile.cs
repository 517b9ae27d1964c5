using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Feedback.Classification.Features;
using Feedback.Classification.Taxonomy;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Feedback.Classification.Model;

/// <summary>
/// The model file: a zip holding provenance.json (the <see cref="ModelHeader"/>: format version,
/// taxonomy keys, feature settings, training files with their SHA-256, settings, cross-validated
/// metrics, and the SHA-256 of every other entry), features.bin (for every feature bucket, its idf
/// as a little-endian float and its column in the model's vector as an int, -1 for none) and the model
/// as ML.NET saved it (classifier.mlnet.zip, loadable with <c>mlContext.Model.Load</c>: one transformer
/// chain with both heads, writing SentimentScore and TopicScore). Loading refuses a newer or older format, another
/// taxonomy, and any entry whose hash does not match, saying what to do. Entries carry a fixed time,
/// so the same model gives the same bytes.
/// </summary>
public static class ModelFile
{
    public const int FormatVersion = 3;
    public const string FileName = "feedback-classifier.zip";

    internal const string ProvenanceEntry = "provenance.json";
    internal const string FeaturesEntry = "features.bin";
    internal const string ModelEntry = "classifier.mlnet.zip";

    private const int BucketBytes = sizeof(float) + sizeof(int);

    private const string Retrain = "retrain it with ./feedback train, or restore the committed one with git";

    /// <summary>Zip entries need a time; a fixed one keeps the bytes of a model the same from one training to the next.</summary>
    private static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(ClassifierModel model, Stream stream) => stream.Write(model.FileBytes);

    public static void Write(ClassifierModel model, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
            Write(model, stream);
        File.Move(temporary, path, overwrite: true);
    }

    /// <param name="mark">Called with the name of each loading stage as it ends (startup measurements).</param>
    public static ClassifierModel Read(string path, Action<string>? mark = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
            mark?.Invoke(FileReadStage);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFormatException($"model file not found: {path} (train one with ./feedback train)");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"cannot read model file {path}: {exception.Message}");
        }
        try
        {
            return Read(bytes, mark);
        }
        catch (ModelFormatException exception)
        {
            throw new ModelFormatException($"{path}: {exception.Message}");
        }
    }

    public static ClassifierModel Read(byte[] bytes, Action<string>? mark = null)
    {
        // ML.NET's part of the load (its start: the component catalog reflecting over every loadable class of its
        // assemblies; Model.Load; the first scoring engine) needs nothing but the model entry's bytes, so it runs on
        // another thread from the moment they are unzipped, beside the checks of the whole file. Nothing is returned
        // before both are done: a file that fails a check is refused, and whatever ML.NET made of it is dropped.
        var modelEntry = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mlNet = Task.Run(() => LoadModel(modelEntry.Task, mark));
        ModelHeader header;
        FeatureColumns columns;
        LabelModel sentiment, topic;
        try
        {
            var entries = ReadEntries(bytes, modelEntry);
            header = ReadHeader(entries);
            foreach (var name in new[] { FeaturesEntry, ModelEntry })
            {
                if (!entries.TryGetValue(name, out var content) || !header.Contents.TryGetValue(name, out var expected))
                    throw new ModelFormatException($"model file has no {name}: it is damaged; {Retrain}");
                if (Sha256(content) != expected)
                    throw new ModelFormatException($"model file entry {name} does not match its SHA-256 in {ProvenanceEntry}: it is damaged; {Retrain}");
            }

            var features = header.Features.ToOptions();
            try
            {
                features.Validate();
            }
            catch (ArgumentOutOfRangeException exception)
            {
                throw new ModelFormatException($"model file has invalid feature settings: {exception.Message}");
            }
            sentiment = LabelModel(header.SentimentKeys, header.Metrics.Sentiment.LowConfidenceThreshold, "sentiment");
            topic = LabelModel(header.TopicKeys, header.Metrics.Topic.LowConfidenceThreshold, "topic");
            mark?.Invoke("unzip, check hashes and provenance");
            columns = ReadFeatureColumns(entries[FeaturesEntry], features.Dimension);
            mark?.Invoke("feature table");
        }
        catch
        {
            modelEntry.TrySetCanceled();
            // What ML.NET makes of a file refused here does not matter; its failure is observed so that it is not reported as unhandled.
            _ = mlNet.ContinueWith(static loading => loading.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }

        var loaded = mlNet.GetAwaiter().GetResult();
        mark?.Invoke("waiting for ML.NET's part, beside");
        if (loaded.Columns != columns.Count)
            throw new ModelFormatException($"{ModelEntry} does not read a vector of {columns.Count} features, as {FeaturesEntry} gives; {Retrain}");
        foreach (var (column, classes) in new[] { (FeatureSchema.SentimentScore, header.SentimentKeys), (FeatureSchema.TopicScore, header.TopicKeys) })
        {
            var size = (loaded.Output[column].Type as VectorDataViewType)?.Size ?? 0;
            if (size != classes.Count)
                throw new ModelFormatException($"{ModelEntry} writes {size} {column} classes, {ProvenanceEntry} names {classes.Count}; {Retrain}");
        }
        return new ClassifierModel(loaded.Context, header, columns, sentiment, topic, loaded.Transformer, bytes, loaded.Engine);
    }

    /// <summary>A freshly trained model, read back through the same checks as a file, so that a trained model and a loaded one are the same.</summary>
    internal static ClassifierModel Assemble(ModelHeader header, FeatureColumns columns, byte[] modelZip)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddEntry(zip, ProvenanceEntry, JsonSerializer.SerializeToUtf8Bytes(header, ModelHeaderJsonContext.Default.ModelHeader), CompressionLevel.Optimal);
            AddEntry(zip, FeaturesEntry, FeatureColumnBytes(columns), CompressionLevel.Optimal);
            // ML.NET's zip is compressed already.
            AddEntry(zip, ModelEntry, modelZip, CompressionLevel.NoCompression);
        }
        return Read(stream.ToArray());
    }

    /// <summary>A model as ML.NET saves it, re-packed with fixed entry times so that saving the same model twice gives the same bytes.</summary>
    internal static byte[] SaveMlNetModel(MLContext context, ITransformer model, DataViewSchema inputSchema)
    {
        using var saved = new MemoryStream();
        context.Model.Save(model, inputSchema, saved);
        saved.Position = 0;
        using var repacked = new MemoryStream();
        using (var source = new ZipArchive(saved, ZipArchiveMode.Read))
        using (var target = new ZipArchive(repacked, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
                AddEntry(target, entry.FullName, ReadEntry(entry), CompressionLevel.Optimal);
        }
        return repacked.ToArray();
    }

    internal static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    internal static byte[] FeatureColumnBytes(FeatureColumns columns)
    {
        var bytes = new byte[columns.Idf.Length * BucketBytes];
        for (var bucket = 0; bucket < columns.Idf.Length; bucket++)
        {
            var at = bytes.AsSpan(bucket * BucketBytes);
            BinaryPrimitives.WriteSingleLittleEndian(at, columns.Idf[bucket]);
            BinaryPrimitives.WriteInt32LittleEndian(at[sizeof(float)..], columns.ColumnOfBucket[bucket]);
        }
        return bytes;
    }

    private static ModelHeader ReadHeader(Dictionary<string, byte[]> entries)
    {
        if (!entries.TryGetValue(ProvenanceEntry, out var json))
            throw new ModelFormatException($"model file has no {ProvenanceEntry}: it is damaged, or not a model of this project; {Retrain}");
        ModelHeader? header;
        try
        {
            // The version first: a newer format may describe itself differently.
            using (var document = JsonDocument.Parse(json))
            {
                if (!document.RootElement.TryGetProperty("formatVersion", out var version) || !version.TryGetInt32(out var formatVersion))
                    throw new ModelFormatException($"{ProvenanceEntry} has no format version: the file is damaged; {Retrain}");
                if (formatVersion > FormatVersion)
                    throw new ModelFormatException($"model format version {formatVersion} is newer than this build reads ({FormatVersion}): update the program, or {Retrain}");
                if (formatVersion < FormatVersion)
                    throw new ModelFormatException($"model format version {formatVersion} is older than this build reads ({FormatVersion}): {Retrain}");
            }
            header = JsonSerializer.Deserialize(json, ModelHeaderJsonContext.Default.ModelHeader);
        }
        catch (JsonException exception)
        {
            throw new ModelFormatException($"{ProvenanceEntry} is not valid ({exception.Message}): the file is damaged; {Retrain}");
        }
        if (header is null)
            throw new ModelFormatException($"{ProvenanceEntry} is empty: the file is damaged; {Retrain}");
        if (!header.SentimentKeys.SequenceEqual(FeedbackTaxonomy.SentimentKeys) || !header.TopicKeys.SequenceEqual(FeedbackTaxonomy.TopicKeys))
            throw new ModelFormatException("model was trained on another taxonomy than this build's; retrain it with ./feedback train");
        return header;
    }

    private static FeatureColumns ReadFeatureColumns(byte[] bytes, int dimension)
    {
        if (bytes.Length != dimension * BucketBytes)
            throw new ModelFormatException($"{FeaturesEntry} holds {bytes.Length} bytes, not {dimension} buckets: {Retrain}");
        var idf = new float[dimension];
        var columns = new int[dimension];
        for (var bucket = 0; bucket < dimension; bucket++)
        {
            var at = bytes.AsSpan(bucket * BucketBytes);
            idf[bucket] = BinaryPrimitives.ReadSingleLittleEndian(at);
            columns[bucket] = BinaryPrimitives.ReadInt32LittleEndian(at[sizeof(float)..]);
            if (!float.IsFinite(idf[bucket]) || idf[bucket] < 0)
                throw new ModelFormatException($"{FeaturesEntry} holds an idf that is not a finite non-negative number: {Retrain}");
        }
        try
        {
            return new FeatureColumns(idf, columns);
        }
        catch (ArgumentException exception)
        {
            throw new ModelFormatException($"{FeaturesEntry} is not valid ({exception.Message}): {Retrain}");
        }
    }

    /// <summary>Stage names of the load's ML.NET part, which runs beside the file checks, start with this.</summary>
    public const string BesideStage = "beside: ";

    /// <summary>The stage that reads the model file from disk; ML.NET's part of the load starts when it ends.</summary>
    public const string FileReadStage = "read the file";

    /// <summary>The zip's entries; the model entry is handed to ML.NET's part of the load as soon as it is read.</summary>
    private static Dictionary<string, byte[]> ReadEntries(byte[] bytes, TaskCompletionSource<byte[]> modelEntry)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var model = zip.GetEntry(ModelEntry);
            if (model is not null)
                modelEntry.TrySetResult(ReadEntry(model));
            return zip.Entries.ToDictionary(entry => entry.FullName, entry => entry == model ? modelEntry.Task.Result : ReadEntry(entry));
        }
        catch (InvalidDataException exception)
        {
            throw new ModelFormatException($"not a feedback classifier model file (not a readable zip: {exception.Message}); it is damaged, or of a format before {FormatVersion} (ML.NET): {Retrain}");
        }
    }

    /// <summary>ML.NET's model as loaded beside the file checks: the columns it reads, what it writes, and its first scoring engine.</summary>
    private sealed record LoadedModel(MLContext Context, ITransformer Transformer, int Columns, DataViewSchema Output, ScoringEngine Engine);

    private static async Task<LoadedModel> LoadModel(Task<byte[]> zip, Action<string>? mark)
    {
        var context = new MLContext();
        // Microsoft.ML.Data: the transformer chain, the predictor transformer, the column copier; Microsoft.ML.StandardTrainers: the linear model.
        context.ComponentCatalog.RegisterAssembly(typeof(TransformerChain<>).Assembly);
        context.ComponentCatalog.RegisterAssembly(typeof(MaximumEntropyModelParameters).Assembly);
        mark?.Invoke(BesideStage + "ML.NET's start");
        var bytes = await zip.ConfigureAwait(false);
        ITransformer transformer;
        DataViewSchema output;
        int columns;
        try
        {
            transformer = context.Model.Load(new MemoryStream(bytes, writable: false), out var input);
            mark?.Invoke(BesideStage + "Model.Load");
            var features = input?.GetColumnOrNull(FeatureSchema.Features)?.Type as VectorDataViewType;
            if (input is null || features is null || features.Size == 0 || features.ItemType != NumberDataViewType.Single)
                throw new ModelFormatException($"{ModelEntry} does not read a vector of features; {Retrain}");
            columns = features.Size;
            output = transformer.GetOutputSchema(input);
        }
        catch (Exception exception) when (exception is InvalidOperationException or InvalidDataException or FormatException or ArgumentException or IOException or EndOfStreamException)
        {
            throw new ModelFormatException($"{ModelEntry} is not a model ML.NET can load for these features ({exception.Message}); {Retrain}");
        }
        foreach (var column in new[] { FeatureSchema.SentimentScore, FeatureSchema.TopicScore })
        {
            if (output.GetColumnOrNull(column)?.Type is not VectorDataViewType { ItemType: NumberDataViewType })
                throw new ModelFormatException($"{ModelEntry} writes no {column} vector; {Retrain}");
        }
        mark?.Invoke(BesideStage + "check the output schema");
        var engine = new ScoringEngine(transformer, columns);
        mark?.Invoke(BesideStage + "scoring engine");
        return new LoadedModel(context, transformer, columns, output, engine);
    }

    private static LabelModel LabelModel(IReadOnlyList<string> classes, double threshold, string head)
    {
        if (threshold is < 0 or > 1)
            throw new ModelFormatException($"{ProvenanceEntry} holds a {head} probability threshold of {threshold}, outside 0..1");
        return new LabelModel(classes, (float)threshold);
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void AddEntry(ZipArchive zip, string name, byte[] content, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }
}
