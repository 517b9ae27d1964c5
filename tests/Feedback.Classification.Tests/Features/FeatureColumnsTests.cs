using Feedback.Classification.Features;

namespace Feedback.Classification.Tests.Features;

public class FeatureColumnsTests
{
    // Buckets 1, 3 and 4 of 6 have columns 0, 1, 2; the others none.
    private static FeatureColumns Columns() => new([1, 2, 3, 4, 5, 6], [-1, 0, -1, 1, 2, -1]);

    private static FeatureBuffer Buffer(params (int Bucket, float Value)[] features)
    {
        var buffer = new FeatureBuffer();
        buffer.EnsureCapacity(features.Length);
        foreach (var (bucket, value) in features)
        {
            buffer.RawValues[buffer.Count] = value;
            buffer.AddIndex(bucket);
        }
        return buffer;
    }

    [Fact]
    public void Features_become_model_columns_in_column_order_and_buckets_without_one_are_dropped()
    {
        var buffer = Buffer((4, 0.4f), (0, 0.9f), (1, 0.1f), (5, 0.5f), (3, 0.3f));

        Columns().ToColumns(buffer);

        Assert.Equal([0, 1, 2], buffer.Indices.ToArray());
        Assert.Equal([0.1f, 0.3f, 0.4f], buffer.Values.ToArray());
    }

    [Fact]
    public void A_message_with_no_kept_bucket_becomes_an_empty_vector()
    {
        var buffer = Buffer((0, 1f), (5, 1f));

        Columns().ToColumns(buffer);

        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void The_column_count_is_the_number_of_kept_buckets() => Assert.Equal(3, Columns().Count);

    [Theory]
    [InlineData(new[] { 1, -1, 0 })]
    [InlineData(new[] { 0, 2, -1 })]
    [InlineData(new[] { 0, 0, 1 })]
    public void Columns_out_of_bucket_order_or_with_gaps_are_refused(int[] columns) =>
        Assert.Throws<ArgumentException>(() => new FeatureColumns([1, 1, 1], columns));
}
