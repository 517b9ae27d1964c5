using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Feedback.Classification.Taxonomy;

namespace Feedback.Classification.Model;

/// <summary>
/// The model file: the magic "FBCLSMDL", a format version, a JSON header, then binary sections
/// (little-endian): idf (buckets seen in training, and one value for all others), and for each model
/// its biases and only the weight rows that are not all zero. Same model, same bytes.
/// </summary>
public static class ModelFile
{
    public const int FormatVersion = 1;
    public const string FileName = "feedback-classifier.fbm";

    private static ReadOnlySpan<byte> Magic => "FBCLSMDL"u8;

    public static void Write(ClassifierModel model, Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        var header = JsonSerializer.SerializeToUtf8Bytes(model.Header, ModelHeaderJsonContext.Default.ModelHeader);
        writer.Write(header.Length);
        writer.Write(header);

        WriteIdf(writer, model.InverseDocumentFrequency);
        WriteLinearModel(writer, model.Sentiment);
        WriteLinearModel(writer, model.Topic);
    }

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

    public static ClassifierModel Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFormatException($"model file not found: {path} (train one with ./feedback train)");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"cannot read model file {path}: {exception.Message}");
        }
        return Read(bytes);
    }

    public static ClassifierModel Read(ReadOnlySpan<byte> bytes)
    {
        var reader = new SpanReader(bytes);
        if (!reader.Take(Magic.Length).SequenceEqual(Magic))
            throw new ModelFormatException("not a feedback classifier model file (wrong magic bytes)");
        var version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new ModelFormatException($"model format version {version} is not supported; this build reads version {FormatVersion}");
        var header = ReadHeader(reader.Take(reader.ReadCount()));
        CheckTaxonomy(header);
        try
        {
            header.Features.ToOptions().Validate();
        }
        catch (ArgumentOutOfRangeException exception)
        {
            throw new ModelFormatException($"model header has invalid feature settings: {exception.Message}");
        }

        var dimension = header.Features.ToOptions().Dimension;
        var idf = ReadIdf(ref reader, dimension);
        var sentiment = ReadLinearModel(ref reader, header.SentimentKeys, dimension, header.Metrics.Sentiment.LowConfidenceThreshold);
        var topic = ReadLinearModel(ref reader, header.TopicKeys, dimension, header.Metrics.Topic.LowConfidenceThreshold);
        if (!reader.AtEnd)
            throw new ModelFormatException("model file has unexpected bytes after its last section");
        return new ClassifierModel(header, idf, sentiment, topic);
    }

    private static ModelHeader ReadHeader(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ModelHeaderJsonContext.Default.ModelHeader)
                ?? throw new ModelFormatException("model header is empty");
        }
        catch (JsonException exception)
        {
            throw new ModelFormatException($"model header is not valid: {exception.Message}");
        }
    }

    private static void CheckTaxonomy(ModelHeader header)
    {
        if (!header.SentimentKeys.SequenceEqual(FeedbackTaxonomy.SentimentKeys) || !header.TopicKeys.SequenceEqual(FeedbackTaxonomy.TopicKeys))
            throw new ModelFormatException("model was trained on another taxonomy than this build's; retrain it with ./feedback train");
    }

    private static void WriteIdf(BinaryWriter writer, float[] idf)
    {
        var unseen = idf.Max();
        writer.Write(unseen);
        var seen = 0;
        foreach (var value in idf)
        {
            if (value != unseen)
                seen++;
        }
        writer.Write(seen);
        for (var bucket = 0; bucket < idf.Length; bucket++)
        {
            if (idf[bucket] == unseen)
                continue;
            writer.Write(bucket);
            writer.Write(idf[bucket]);
        }
    }

    private static float[] ReadIdf(ref SpanReader reader, int dimension)
    {
        var unseen = reader.ReadSingle();
        var idf = new float[dimension];
        idf.AsSpan().Fill(unseen);
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var bucket = reader.ReadBucket(dimension);
            idf[bucket] = reader.ReadSingle();
        }
        return idf;
    }

    private static void WriteLinearModel(BinaryWriter writer, LinearModel model)
    {
        var classes = model.ClassCount;
        writer.Write(classes);
        foreach (var bias in model.Bias)
            writer.Write(bias);
        var weights = model.Weights;
        var rows = weights.Length / classes;
        var nonZeroRows = 0;
        for (var row = 0; row < rows; row++)
        {
            if (weights.AsSpan(row * classes, classes).ContainsAnyExcept(0f))
                nonZeroRows++;
        }
        writer.Write(nonZeroRows);
        for (var row = 0; row < rows; row++)
        {
            var span = weights.AsSpan(row * classes, classes);
            if (!span.ContainsAnyExcept(0f))
                continue;
            writer.Write(row);
            foreach (var weight in span)
                writer.Write(weight);
        }
    }

    private static LinearModel ReadLinearModel(ref SpanReader reader, IReadOnlyList<string> classes, int dimension, double lowConfidenceThreshold)
    {
        var classCount = reader.ReadInt32();
        if (classCount != classes.Count)
            throw new ModelFormatException($"model section has {classCount} classes, header names {classes.Count}");
        var bias = new float[classCount];
        reader.ReadSingles(bias);
        var weights = new float[dimension * classCount];
        var rows = reader.ReadCount();
        for (var i = 0; i < rows; i++)
        {
            var bucket = reader.ReadBucket(dimension);
            reader.ReadSingles(weights.AsSpan(bucket * classCount, classCount));
        }
        return new LinearModel(classes, weights, bias, (float)lowConfidenceThreshold);
    }

    private ref struct SpanReader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public readonly bool AtEnd => _rest.IsEmpty;

        public ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > _rest.Length)
                throw new ModelFormatException("model file is truncated");
            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }

        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

        public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(sizeof(float)));

        public int ReadCount()
        {
            var count = ReadInt32();
            if (count < 0 || count > _rest.Length)
                throw new ModelFormatException($"model file is corrupt (a section claims {count} entries)");
            return count;
        }

        public int ReadBucket(int dimension)
        {
            var bucket = ReadInt32();
            if (bucket < 0 || bucket >= dimension)
                throw new ModelFormatException($"model file is corrupt (feature bucket {bucket} outside 0..{dimension - 1})");
            return bucket;
        }

        public void ReadSingles(Span<float> destination)
        {
            var source = Take(destination.Length * sizeof(float));
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                return;
            }
            for (var i = 0; i < destination.Length; i++)
                destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * sizeof(float))..]);
        }
    }
}
