namespace Feedback.Classification.Features;

/// <summary>A sparse feature vector under construction: reused between messages so that classifying allocates little.</summary>
public sealed class FeatureBuffer
{
    private int[] _indices = new int[256];
    private float[] _values = new float[256];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Indices => _indices.AsSpan(0, Count);

    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count);

    internal Span<int> WritableIndices => _indices.AsSpan(0, Count);

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

    internal int[] RawIndices => _indices;

    internal float[] RawValues => _values;
}
