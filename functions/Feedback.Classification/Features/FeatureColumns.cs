namespace Feedback.Classification.Features;

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
