using Feedback.Classification.Features;
using Feedback.Classification.Normalization;

namespace Feedback.Classification.Tests.Features;

public class FeatureExtractorTests
{
    private const string Message = "سلام از ساعت ۸ صبح آب محله ما قطعه هیچ اطلاعیه ای هم ندادن";

    private static readonly FeatureOptions DefaultOptions = new();

    private static float[] UniformIdf(FeatureOptions options)
    {
        var idf = new float[options.Dimension];
        Array.Fill(idf, 1f);
        return idf;
    }

    private static (int[] Indices, float[] Values) Extract(string text, FeatureOptions? options = null)
    {
        options ??= DefaultOptions;
        var extractor = new FeatureExtractor(options);
        var buffer = new FeatureBuffer();
        extractor.Extract(PersianNormalizer.Normalize(text), UniformIdf(options), buffer);
        return (buffer.Indices.ToArray(), buffer.Values.ToArray());
    }

    [Fact]
    public void Same_text_gives_the_same_features()
    {
        var first = Extract(Message);
        var second = Extract(Message);

        Assert.NotEmpty(first.Indices);
        Assert.Equal(first.Indices, second.Indices);
        Assert.Equal(first.Values, second.Values);
    }

    [Fact]
    public void A_reused_buffer_gives_the_same_features_as_a_fresh_one()
    {
        var extractor = new FeatureExtractor(DefaultOptions);
        var idf = UniformIdf(DefaultOptions);
        var reused = new FeatureBuffer();
        extractor.Extract(PersianNormalizer.Normalize(Message + " " + Message + " خیلی طولانی"), idf, reused);
        extractor.Extract(PersianNormalizer.Normalize("آب نداریم"), idf, reused);

        var fresh = Extract("آب نداریم");

        Assert.Equal(fresh.Indices, reused.Indices.ToArray());
        Assert.Equal(fresh.Values, reused.Values.ToArray());
    }

    [Theory]
    [InlineData("آب لوله كشي قطع است", "آب لوله کشی قطع است")]
    [InlineData("می\u200Cخواهم قبض\u200Cها را ببینم", "می خواهم قبض ها را ببینم")]
    [InlineData("خیلییییی بدددد", "خیلی بد")]
    [InlineData("ساعت ۸ صبح", "ساعت 8 صبح")]
    [InlineData("سَلام مُحمّد", "سلام محمد")]
    [InlineData("BAD service", "bad service")]
    public void Spelling_variants_give_identical_vectors(string variant, string canonical)
    {
        var a = Extract(variant);
        var b = Extract(canonical);

        Assert.Equal(b.Indices, a.Indices);
        Assert.Equal(b.Values, a.Values);
    }

    [Theory]
    [InlineData("آب نداریم")]
    [InlineData(Message)]
    [InlineData("😡")]
    [InlineData("بد بد بد بد بد خیلی بد")]
    public void Weighted_vectors_have_unit_length(string text)
    {
        var (_, values) = Extract(text);

        var squaredNorm = values.Sum(value => (double)value * value);
        Assert.Equal(1.0, Math.Sqrt(squaredNorm), 5);
    }

    [Fact]
    public void Weighting_uses_the_idf_of_each_bucket()
    {
        var extractor = new FeatureExtractor(DefaultOptions);
        var normalized = PersianNormalizer.Normalize("آب قطعه");
        var idf = UniformIdf(DefaultOptions);
        var uniform = new FeatureBuffer();
        extractor.Extract(normalized, idf, uniform);
        var boosted = uniform.Indices[0];
        idf[boosted] = 10f;
        var weighted = new FeatureBuffer();
        extractor.Extract(normalized, idf, weighted);

        Assert.Equal(uniform.Indices.ToArray(), weighted.Indices.ToArray());
        Assert.True(weighted.Values[0] > uniform.Values[0]);
        Assert.True(weighted.Values[1] < uniform.Values[1]);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(18)]
    public void Indices_are_distinct_and_inside_the_hashed_space(int hashBits)
    {
        var options = new FeatureOptions { HashBits = hashBits };
        var (indices, _) = Extract(Message + " " + Message + " 😡 ؟", options);

        Assert.NotEmpty(indices);
        Assert.All(indices, index => Assert.InRange(index, 0, options.Dimension - 1));
        Assert.Equal(indices.Length, indices.Distinct().Count());
    }

    [Fact]
    public void Counts_are_term_frequencies()
    {
        var extractor = new FeatureExtractor(DefaultOptions);
        var once = new FeatureBuffer();
        extractor.CountFeatures("آب", once);
        var twice = new FeatureBuffer();
        extractor.CountFeatures("آب آب", twice);

        Assert.All(once.Values.ToArray(), value => Assert.Equal(1f, value));
        Assert.True(twice.Values.ToArray().Max() >= 2f);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("   ")]
    public void Empty_text_has_no_features(string normalized)
    {
        var extractor = new FeatureExtractor(DefaultOptions);
        var buffer = new FeatureBuffer();
        extractor.Extract(normalized, UniformIdf(DefaultOptions), buffer);

        Assert.Equal(0, buffer.Count);
        Assert.True(buffer.Indices.IsEmpty);
    }

    [Fact]
    public void A_longer_message_has_more_features()
    {
        var (shortIndices, _) = Extract("آب نداریم");
        var (longIndices, _) = Extract(Message);

        Assert.True(longIndices.Length > shortIndices.Length, $"{longIndices.Length} features for the long message, {shortIndices.Length} for the short one");
    }

    [Fact]
    public void A_very_long_message_fits_the_buffer()
    {
        var text = string.Join(' ', Enumerable.Repeat(Message, 200));
        var (indices, values) = Extract(text);

        Assert.NotEmpty(indices);
        Assert.Equal(indices.Length, values.Length);
    }

    [Theory]
    [InlineData(10, 1, 1)]
    [InlineData(18, 2, 4)]
    [InlineData(20, 8, 8)]
    public void Valid_options_are_accepted(int hashBits, int charNgramMin, int charNgramMax)
    {
        var options = new FeatureOptions { HashBits = hashBits, CharNgramMin = charNgramMin, CharNgramMax = charNgramMax };

        options.Validate();
        Assert.Equal(1 << hashBits, options.Dimension);
    }

    [Theory]
    [InlineData(9, 2, 4)]
    [InlineData(21, 2, 4)]
    [InlineData(0, 2, 4)]
    [InlineData(18, 0, 4)]
    [InlineData(18, 4, 3)]
    [InlineData(18, 2, 9)]
    [InlineData(18, -1, 2)]
    public void Invalid_options_are_rejected(int hashBits, int charNgramMin, int charNgramMax)
    {
        var options = new FeatureOptions { HashBits = hashBits, CharNgramMin = charNgramMin, CharNgramMax = charNgramMax };

        Assert.ThrowsAny<ArgumentOutOfRangeException>(options.Validate);
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new FeatureExtractor(options));
    }
}
