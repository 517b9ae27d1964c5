using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Feedback.Classification.Features;
using Feedback.Classification.Taxonomy;

namespace Feedback.Classification.Model;

/// <summary>
/// The model file, little-endian: the magic "FBCLSMDL"; a format version; the shape classifying needs
/// (hash bits, character n-gram range, low-confidence thresholds, sentiment and topic keys); the JSON
/// header that describes the model in full (parsed only when asked for, so loading needs no JSON
/// parser); idf (buckets seen in training, and one value for all others); for each model its biases
/// and only the weight rows that are not all zero; last, the CRC-32C of everything before it, so that a
/// damaged file is refused rather than half-read. Same model, same bytes.
/// </summary>
public static class ModelFile
{
    public const int FormatVersion = 1;
    public const string FileName = "feedback-classifier.fbm";

    private static ReadOnlySpan<byte> Magic => "FBCLSMDL"u8;

    private const int ChecksumLength = sizeof(uint);

    public static void Write(ClassifierModel model, Stream stream)
    {
        using var payload = new MemoryStream();
        WritePayload(model, payload);
        var bytes = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        stream.Write(bytes);
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, Checksum(bytes));
        stream.Write(checksum);
    }

    private static void WritePayload(ClassifierModel model, Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        WriteShape(writer, model.Shape);
        var header = JsonSerializer.SerializeToUtf8Bytes(model.Header, ModelHeaderJsonContext.Default.ModelHeader);
        writer.Write(header.Length);
        writer.Write(header);

        WriteIdf(writer, model);
        WriteLinearModel(writer, model, model.Sentiment);
        WriteLinearModel(writer, model, model.Topic);
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
        if (bytes.Length < Magic.Length)
            throw new ModelFormatException($"model file is truncated ({bytes.Length} bytes)");
        if (!bytes.StartsWith(Magic))
            throw new ModelFormatException("not a feedback classifier model file (wrong magic bytes)");
        if (bytes.Length >= Magic.Length + sizeof(int) && BinaryPrimitives.ReadInt32LittleEndian(bytes[Magic.Length..]) is var version && version != FormatVersion)
            throw new ModelFormatException($"model format version {version} is not supported; this build reads version {FormatVersion}");
        if (bytes.Length < Magic.Length + sizeof(int) + ChecksumLength)
            throw new ModelFormatException("model file is truncated");
        var payload = bytes[..^ChecksumLength];
        if (Checksum(payload) != BinaryPrimitives.ReadUInt32LittleEndian(bytes[^ChecksumLength..]))
            throw new ModelFormatException("model file is damaged or truncated (its checksum does not match)");

        var reader = new SpanReader(payload);
        reader.Take(Magic.Length + sizeof(int));
        var shape = ReadShape(ref reader);
        var headerJson = reader.Take(reader.ReadCount()).ToArray();
        var header = new Lazy<ModelHeader>(() => ReadHeader(headerJson));
        var dimension = shape.Features.Dimension;
        var stride = 1 + shape.SentimentKeys.Count + shape.TopicKeys.Count;
        var rows = new float[dimension * stride];
        ReadIdf(ref reader, rows, dimension, stride);
        var sentimentBias = ReadLinearModel(ref reader, rows, shape.SentimentKeys.Count, column: 1, dimension, stride);
        var topicBias = ReadLinearModel(ref reader, rows, shape.TopicKeys.Count, column: 1 + shape.SentimentKeys.Count, dimension, stride);
        if (!reader.AtEnd)
            throw new ModelFormatException("model file has unexpected bytes after its last section");
        return new ClassifierModel(shape, header, rows, sentimentBias, topicBias);
    }

    /// <summary>CRC-32C, eight bytes a step (one instruction each where the CPU has it): detects damage, not tampering.</summary>
    internal static uint Checksum(ReadOnlySpan<byte> bytes)
    {
        var crc = uint.MaxValue;
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var word in words)
            crc = BitOperations.Crc32C(crc, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        foreach (var b in bytes[(words.Length * sizeof(ulong))..])
            crc = BitOperations.Crc32C(crc, b);
        return ~crc;
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

    private static void WriteShape(BinaryWriter writer, ModelShape shape)
    {
        writer.Write(shape.Features.HashBits);
        writer.Write(shape.Features.CharNgramMin);
        writer.Write(shape.Features.CharNgramMax);
        writer.Write(shape.SentimentThreshold);
        writer.Write(shape.TopicThreshold);
        WriteKeys(writer, shape.SentimentKeys);
        WriteKeys(writer, shape.TopicKeys);
    }

    private static void WriteKeys(BinaryWriter writer, IReadOnlyList<string> keys)
    {
        writer.Write(keys.Count);
        foreach (var key in keys)
        {
            var bytes = Encoding.UTF8.GetBytes(key);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    private static ModelShape ReadShape(ref SpanReader reader)
    {
        var features = new FeatureOptions { HashBits = reader.ReadInt32(), CharNgramMin = reader.ReadInt32(), CharNgramMax = reader.ReadInt32() };
        try
        {
            features.Validate();
        }
        catch (ArgumentOutOfRangeException exception)
        {
            throw new ModelFormatException($"model file has invalid feature settings: {exception.Message}");
        }
        var sentimentThreshold = reader.ReadProbability();
        var topicThreshold = reader.ReadProbability();
        var sentimentKeys = ReadKeys(ref reader);
        var topicKeys = ReadKeys(ref reader);
        if (!sentimentKeys.SequenceEqual(FeedbackTaxonomy.SentimentKeys) || !topicKeys.SequenceEqual(FeedbackTaxonomy.TopicKeys))
            throw new ModelFormatException("model was trained on another taxonomy than this build's; retrain it with ./feedback train");
        return new ModelShape(features, FeedbackTaxonomy.SentimentKeys, FeedbackTaxonomy.TopicKeys, sentimentThreshold, topicThreshold);
    }

    private static string[] ReadKeys(ref SpanReader reader)
    {
        var keys = new string[reader.ReadCount()];
        for (var i = 0; i < keys.Length; i++)
            keys[i] = Encoding.UTF8.GetString(reader.Take(reader.ReadCount()));
        return keys;
    }

    private static void WriteIdf(BinaryWriter writer, ClassifierModel model)
    {
        var dimension = model.Features.Dimension;
        var unseen = float.MinValue;
        for (var bucket = 0; bucket < dimension; bucket++)
            unseen = Math.Max(unseen, model.Idf(bucket));
        writer.Write(unseen);
        var seen = 0;
        for (var bucket = 0; bucket < dimension; bucket++)
        {
            if (model.Idf(bucket) != unseen)
                seen++;
        }
        writer.Write(seen);
        for (var bucket = 0; bucket < dimension; bucket++)
        {
            if (model.Idf(bucket) == unseen)
                continue;
            writer.Write(bucket);
            writer.Write(model.Idf(bucket));
        }
    }

    private static void ReadIdf(ref SpanReader reader, float[] rows, int dimension, int stride)
    {
        var unseen = reader.ReadSingle();
        for (var bucket = 0; bucket < dimension; bucket++)
            rows[bucket * stride + ClassifierModel.IdfColumn] = unseen;
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var bucket = reader.ReadBucket(dimension);
            rows[bucket * stride + ClassifierModel.IdfColumn] = reader.ReadSingle();
        }
    }

    private static void WriteLinearModel(BinaryWriter writer, ClassifierModel model, LinearModel linear)
    {
        var classes = linear.ClassCount;
        writer.Write(classes);
        foreach (var bias in linear.Bias)
            writer.Write(bias);
        var dimension = model.Features.Dimension;
        var nonZeroRows = 0;
        for (var bucket = 0; bucket < dimension; bucket++)
        {
            if (HasWeights(model, linear, bucket))
                nonZeroRows++;
        }
        writer.Write(nonZeroRows);
        for (var bucket = 0; bucket < dimension; bucket++)
        {
            if (!HasWeights(model, linear, bucket))
                continue;
            writer.Write(bucket);
            for (var k = 0; k < classes; k++)
                writer.Write(model.Weight(linear, bucket, k));
        }
    }

    private static bool HasWeights(ClassifierModel model, LinearModel linear, int bucket) =>
        model.Rows.AsSpan(bucket * model.Stride + linear.Column, linear.ClassCount).ContainsAnyExcept(0f);

    /// <summary>Reads a model section's biases and weight rows into its columns of the bucket rows.</summary>
    private static float[] ReadLinearModel(ref SpanReader reader, float[] rows, int expectedClasses, int column, int dimension, int stride)
    {
        var classCount = reader.ReadInt32();
        if (classCount != expectedClasses)
            throw new ModelFormatException($"model section has {classCount} classes, header names {expectedClasses}");
        var bias = new float[classCount];
        reader.ReadSingles(bias);
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var bucket = reader.ReadBucket(dimension);
            reader.ReadSingles(rows.AsSpan(bucket * stride + column, classCount));
        }
        return bias;
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

        public float ReadSingle()
        {
            var value = BinaryPrimitives.ReadSingleLittleEndian(Take(sizeof(float)));
            return float.IsFinite(value) ? value : throw new ModelFormatException("model file holds a value that is not a finite number");
        }

        public float ReadProbability()
        {
            var value = ReadSingle();
            return value is >= 0 and <= 1 ? value : throw new ModelFormatException($"model file holds a probability threshold of {value}, outside 0..1");
        }

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
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
            else
            {
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * sizeof(float))..]);
            }
            foreach (var value in destination)
            {
                if (!float.IsFinite(value))
                    throw new ModelFormatException("model file holds a value that is not a finite number");
            }
        }
    }
}
