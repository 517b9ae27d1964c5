namespace Feedback.Classification.Training;

/// <summary>
/// Training rows in compressed sparse row form over a compact feature space: only the hashed buckets
/// that occur in these rows get a column, which keeps the optimizer's vectors small.
/// </summary>
internal sealed class SparseDataset
{
    public SparseDataset(int[] rowStarts, int[] columns, float[] values, int[] labels, double[] weights, int[] columnBuckets, int classCount)
    {
        RowStarts = rowStarts;
        Columns = columns;
        Values = values;
        Labels = labels;
        Weights = weights;
        ColumnBuckets = columnBuckets;
        ClassCount = classCount;
    }

    public int[] RowStarts { get; }

    public int[] Columns { get; }

    public float[] Values { get; }

    public int[] Labels { get; }

    public double[] Weights { get; }

    /// <summary>The hashed bucket each compact column stands for, ascending.</summary>
    public int[] ColumnBuckets { get; }

    public int ClassCount { get; }

    public int RowCount => Labels.Length;

    public int ColumnCount => ColumnBuckets.Length;

    /// <summary>Builds the dataset from rows of (bucket, value) pairs, each bucket once per row; columns are the buckets used, in bucket order.</summary>
    public static SparseDataset Build(IReadOnlyList<(int[] Buckets, float[] Values)> rows, int[] labels, double[] weights, int classCount)
    {
        var used = new SortedSet<int>();
        var total = 0;
        foreach (var (buckets, _) in rows)
        {
            used.UnionWith(buckets);
            total += buckets.Length;
        }
        var columnBuckets = used.ToArray();
        var columnOf = new Dictionary<int, int>(columnBuckets.Length);
        for (var i = 0; i < columnBuckets.Length; i++)
            columnOf[columnBuckets[i]] = i;

        var rowStarts = new int[rows.Count + 1];
        var columns = new int[total];
        var values = new float[total];
        var position = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            rowStarts[r] = position;
            var (buckets, rowValues) = rows[r];
            for (var j = 0; j < buckets.Length; j++)
            {
                columns[position] = columnOf[buckets[j]];
                values[position] = rowValues[j];
                position++;
            }
        }
        rowStarts[rows.Count] = position;
        return new SparseDataset(rowStarts, columns, values, labels, weights, columnBuckets, classCount);
    }
}
