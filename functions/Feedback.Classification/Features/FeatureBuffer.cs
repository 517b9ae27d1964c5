namespace Feedback.Classification.Features;

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
