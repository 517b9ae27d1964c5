using System.Runtime.CompilerServices;

namespace Feedback.Classification.Features;

/// <summary>
/// Turns normalized text into a sparse vector: word unigrams, word bigrams (with message start and end,
/// so a leading rating digit is a feature) and character n-grams inside word boundaries (robust to typos
/// and to Finglish spellings), hashed into a fixed space, weighted by sublinear term frequency × idf and
/// L2-normalized.
/// </summary>
public sealed class FeatureExtractor
{
    private const uint FnvPrime = 16777619;
    private const uint WordSeed = 2166136261;
    private const uint BigramSeed = 0x9E3779B9;
    private const uint CharSeed = 0x85EBCA6B;
    private const uint MessageBoundary = 0xC2B2AE35;

    private readonly FeatureOptions _options;
    private readonly int _mask;

    public FeatureExtractor(FeatureOptions options)
    {
        options.Validate();
        _options = options;
        _mask = options.Dimension - 1;
    }

    public FeatureOptions Options => _options;

    /// <summary>Hashed feature indices, each once, with their counts (term frequency), in the order first seen.</summary>
    public void CountFeatures(string normalizedText, FeatureBuffer buffer)
    {
        buffer.Clear();
        var text = normalizedText.AsSpan();
        var ngramSpan = _options.CharNgramMax - _options.CharNgramMin + 1;
        buffer.EnsureCapacity((text.Length + 2) * (ngramSpan + 2) + 8);

        var previousWordHash = MessageBoundary;
        var words = 0;
        var start = 0;
        while (start < text.Length)
        {
            var end = text[start..].IndexOf(' ');
            end = end < 0 ? text.Length : start + end;
            if (end > start)
            {
                var word = text[start..end];
                var wordHash = HashWord(word);
                buffer.AddIndex(Bucket(Mix(wordHash)));
                buffer.AddIndex(Bucket(Mix(CombineBigram(previousWordHash, wordHash))));
                AddCharNgrams(word, buffer);
                previousWordHash = wordHash;
                words++;
            }
            start = end + 1;
        }
        if (words > 0)
            buffer.AddIndex(Bucket(Mix(CombineBigram(previousWordHash, MessageBoundary))));

        Aggregate(buffer);
    }

    /// <summary>Counts, then sublinear tf × idf, L2-normalized. An empty message gives an empty vector.</summary>
    public void Extract(string normalizedText, ReadOnlySpan<float> idf, FeatureBuffer buffer)
    {
        CountFeatures(normalizedText, buffer);
        Weight(idf, buffer);
    }

    internal static void Weight(ReadOnlySpan<float> idf, FeatureBuffer buffer) => Weight(idf, buffer.Indices, buffer.WritableValues);

    /// <summary>Replaces term counts by (1 + ln tf) × idf and scales the vector to unit length.</summary>
    internal static void Weight(ReadOnlySpan<float> idf, ReadOnlySpan<int> indices, Span<float> values)
    {
        double squaredNorm = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            var weighted = (1f + MathF.Log(values[i])) * idf[indices[i]];
            values[i] = weighted;
            squaredNorm += (double)weighted * weighted;
        }
        if (squaredNorm <= 0)
            return;
        var scale = (float)(1 / Math.Sqrt(squaredNorm));
        for (var i = 0; i < values.Length; i++)
            values[i] *= scale;
    }

    private void AddCharNgrams(ReadOnlySpan<char> word, FeatureBuffer buffer)
    {
        // The word is read as " word " so that n-grams at its edges differ from those inside it.
        var paddedLength = word.Length + 2;
        for (var first = 0; first < paddedLength; first++)
        {
            var hash = CharSeed;
            var last = Math.Min(paddedLength, first + _options.CharNgramMax);
            for (var position = first; position < last; position++)
            {
                var c = position == 0 || position == paddedLength - 1 ? ' ' : word[position - 1];
                hash = (hash ^ c) * FnvPrime;
                var length = position - first + 1;
                if (length >= _options.CharNgramMin && !(length == 1 && c == ' '))
                    buffer.AddIndex(Bucket(Mix(hash + (uint)length)));
            }
        }
    }

    /// <summary>Merges repeated indices into counts, in first-seen order, with a small open-addressing table.</summary>
    private static void Aggregate(FeatureBuffer buffer)
    {
        var raw = buffer.RawIndices;
        var counts = buffer.RawValues;
        var total = buffer.Count;
        var table = buffer.SlotTable(total);
        var mask = table.Length - 1;
        var stamp = buffer.NextStamp();
        var stamps = buffer.SlotStamps;
        var distinct = 0;
        for (var i = 0; i < total; i++)
        {
            var index = raw[i];
            var slot = (int)((uint)index * 0x9E3779B1u >> 7) & mask;
            while (true)
            {
                if (stamps[slot] != stamp)
                {
                    stamps[slot] = stamp;
                    table[slot] = distinct;
                    raw[distinct] = index;
                    counts[distinct] = 1f;
                    distinct++;
                    break;
                }
                if (raw[table[slot]] == index)
                {
                    counts[table[slot]] += 1f;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        buffer.SetCount(distinct);
    }

    private static uint HashWord(ReadOnlySpan<char> word)
    {
        var hash = WordSeed;
        foreach (var c in word)
            hash = (hash ^ c) * FnvPrime;
        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint CombineBigram(uint first, uint second) => (first * 0x27D4EB2D) ^ (second + BigramSeed);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(uint hash) => (int)(hash & (uint)_mask);

    // murmur3's finalizer: spreads FNV's weak low bits over the whole word before masking.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }
}

/// <summary>
/// Each hashed bucket's idf, and its column in the vector the ML.NET models read: only buckets seen in
/// enough training messages get a column (in bucket order), so the models hold weights for the features
/// they learnt from and not for the whole hash space. Buckets without a column still count in a
/// message's unit-length scaling, as they did in training.
/// </summary>
internal sealed class FeatureColumns
{
    public FeatureColumns(float[] idf, int[] columnOfBucket)
    {
        if (idf.Length != columnOfBucket.Length)
            throw new ArgumentException($"{idf.Length} idf values for {columnOfBucket.Length} buckets", nameof(columnOfBucket));
        var next = 0;
        foreach (var column in columnOfBucket)
        {
            if (column == -1)
                continue;
            if (column != next)
                throw new ArgumentException($"columns must number the kept buckets 0, 1, 2… in bucket order; found {column} where {next} was due", nameof(columnOfBucket));
            next++;
        }
        Idf = idf;
        ColumnOfBucket = columnOfBucket;
        Count = next;
    }

    public float[] Idf { get; }

    /// <summary>-1 for a bucket the models do not read.</summary>
    public int[] ColumnOfBucket { get; }

    public int Count { get; }

    /// <summary>Weighted bucket features (as <see cref="FeatureExtractor.Extract"/> leaves them) to model columns, in column order, in place.</summary>
    public void ToColumns(FeatureBuffer buffer)
    {
        buffer.SortByIndex();
        var indices = buffer.RawIndices;
        var values = buffer.RawValues;
        var kept = 0;
        for (var i = 0; i < buffer.Count; i++)
        {
            var column = ColumnOfBucket[indices[i]];
            if (column < 0)
                continue;
            indices[kept] = column;
            values[kept] = values[i];
            kept++;
        }
        buffer.SetCount(kept);
    }
}

/// <summary>A sparse feature vector under construction: reused between messages so that classifying allocates little.</summary>
public sealed class FeatureBuffer
{
    private int[] _indices = new int[256];
    private float[] _values = new float[256];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Indices => _indices.AsSpan(0, Count);

    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count);

    internal Span<float> WritableValues => _values.AsSpan(0, Count);

    internal void Clear() => Count = 0;

    internal void EnsureCapacity(int capacity)
    {
        if (capacity <= _indices.Length)
            return;
        var size = Math.Max(capacity, _indices.Length * 2);
        Array.Resize(ref _indices, size);
        Array.Resize(ref _values, size);
    }

    internal void AddIndex(int index) => _indices[Count++] = index;

    internal void SetCount(int count) => Count = count;

    /// <summary>Puts the features in index order, as ML.NET's sparse vectors require.</summary>
    internal void SortByIndex() => Array.Sort(_indices, _values, 0, Count);

    internal int[] RawIndices => _indices;

    internal float[] RawValues => _values;

    private int[] _slots = new int[1024];
    private int[] _slotStamps = new int[1024];
    private int _stamp;

    internal int[] SlotStamps => _slotStamps;

    /// <summary>A hash table of at least twice <paramref name="entries"/> slots; stamps mark which slots this round uses, so it is never cleared.</summary>
    internal int[] SlotTable(int entries)
    {
        var size = _slots.Length;
        while (size < entries * 2)
            size *= 2;
        if (size != _slots.Length)
        {
            _slots = new int[size];
            _slotStamps = new int[size];
            _stamp = 0;
        }
        return _slots;
    }

    internal int NextStamp()
    {
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_slotStamps);
            _stamp = 1;
        }
        return _stamp;
    }
}
