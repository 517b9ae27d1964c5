using Feedback.Core.Items;

namespace Feedback.Core.Tests.Items;

public class TrackingCodeTests
{
    [Theory]
    [InlineData("572", 4)]
    [InlineData("5724", 0)]
    [InlineData("123456789", 4)]
    [InlineData("100000000", 5)]
    [InlineData("999999999", 0)]
    [InlineData("314159265", 2)]
    public void Damm_check_digit_matches_known_vectors(string digits, int expected) =>
        Assert.Equal(expected, TrackingCode.CheckDigit(digits));

    [Theory]
    [InlineData("1234567894", 123456789 % TrackingCode.Shards)]
    [InlineData("1000000005", 100000000 % TrackingCode.Shards)]
    public void A_codes_shard_is_its_first_nine_digits_modulo_the_shard_count(string code, int shard) =>
        Assert.Equal(shard, TrackingCode.FromCanonical(code)!.Shard);

    [Fact]
    public void A_code_drawn_in_a_shard_falls_in_it_and_is_as_valid_as_any()
    {
        var random = new Random(23);
        for (var shard = 0; shard < TrackingCode.Shards; shard++)
        {
            var code = TrackingCode.NewCodeIn(shard, random.Next);

            Assert.Equal(shard, code.Shard);
            Assert.Equal(code, TrackingCode.Parse(code.Value).Code);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => TrackingCode.NewCodeIn(TrackingCode.Shards, random.Next));
    }

    [Fact]
    public void Random_codes_spread_over_the_shards_so_a_shard_narrows_nothing_for_a_guesser()
    {
        var random = new Random(5);
        var perShard = Enumerable.Range(0, 32_000).Select(_ => TrackingCode.NewCode(random.Next).Shard).CountBy(shard => shard).ToDictionary();

        Assert.Equal(TrackingCode.Shards, perShard.Count);
        Assert.All(perShard.Values, count => Assert.InRange(count, 1_800, 2_200));
    }

    [Theory]
    [InlineData("1234567894")]
    [InlineData("۱۲۳۴۵۶۷۸۹۴")]
    [InlineData("١٢٣٤٥٦٧٨٩٤")]
    [InlineData("123-456-7894")]
    [InlineData("12 34 56 78 94")]
    [InlineData(" ۱۲۳ - ۴۵۶ - ۷۸۹۴ ")]
    [InlineData("۱۲۳۴5678٩٤")]
    [InlineData("\u200F۱۲۳۴۵۶۷۸۹۴\u200F")]
    public void A_valid_code_in_any_digit_script_with_separators_reads_as_the_canonical_code(string typed)
    {
        var result = TrackingCode.Parse(typed);

        Assert.Equal(TrackingCodeStatus.Valid, result.Status);
        Assert.True(result.IsValid);
        Assert.Equal("1234567894", result.Code.Value);
    }

    [Theory]
    [InlineData("1234567895")]
    [InlineData("1234567849")]
    [InlineData("2134567894")]
    [InlineData("۱۲۳۴۵۶۷۸۹۵")]
    [InlineData("0123456786")]
    public void Ten_digits_that_fail_the_check_are_mistyped(string typed)
    {
        var result = TrackingCode.Parse(typed);

        Assert.Equal(TrackingCodeStatus.Mistyped, result.Status);
        Assert.Null(result.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("123456789")]
    [InlineData("12345678940")]
    [InlineData("123456789a")]
    [InlineData("1234567894x")]
    [InlineData("123.456.7894")]
    [InlineData("+981234567894")]
    public void Anything_but_ten_digits_is_malformed(string? typed)
    {
        var result = TrackingCode.Parse(typed);

        Assert.Equal(TrackingCodeStatus.Malformed, result.Status);
        Assert.Null(result.Code);
    }

    [Fact]
    public void A_new_code_has_ten_digits_never_starts_with_zero_and_reads_back_as_valid()
    {
        var random = new Random(20240601);
        for (var i = 0; i < 1000; i++)
        {
            var code = TrackingCode.NewCode(random.Next);

            Assert.Matches("^[1-9][0-9]{9}$", code.Value);
            Assert.Equal(code, TrackingCode.Parse(code.Value).Code);
        }
    }

    [Theory]
    [InlineData(0, "1000000005")]
    [InlineData(int.MaxValue, "9999999990")]
    public void The_first_digit_is_drawn_from_one_to_nine(int draw, string expected)
    {
        var code = TrackingCode.NewCode(upperBound => Math.Min(draw, upperBound - 1));

        Assert.Equal(expected, code.Value);
    }

    [Fact]
    public void A_code_from_the_cryptographic_source_is_valid() =>
        Assert.True(TrackingCode.Parse(TrackingCode.NewCode().Value).IsValid);

    [Fact]
    public void Every_single_digit_error_in_a_thousand_codes_is_detected_as_mistyped()
    {
        var random = new Random(1402);
        for (var n = 0; n < 1000; n++)
        {
            var code = TrackingCode.NewCode(random.Next).Value;
            for (var position = 0; position < TrackingCode.Length; position++)
            {
                for (var digit = '0'; digit <= '9'; digit++)
                {
                    if (digit == code[position])
                        continue;
                    var typed = string.Concat(code.AsSpan(0, position), digit.ToString(), code.AsSpan(position + 1));

                    Assert.Equal(TrackingCodeStatus.Mistyped, TrackingCode.Parse(typed).Status);
                }
            }
        }
    }

    [Fact]
    public void Every_adjacent_transposition_in_a_thousand_codes_is_detected_as_mistyped()
    {
        var random = new Random(1403);
        for (var n = 0; n < 1000; n++)
        {
            var code = TrackingCode.NewCode(random.Next).Value;
            for (var position = 0; position < TrackingCode.Length - 1; position++)
            {
                if (code[position] == code[position + 1])
                    continue;
                var swapped = code.ToCharArray();
                (swapped[position], swapped[position + 1]) = (swapped[position + 1], swapped[position]);

                Assert.Equal(TrackingCodeStatus.Mistyped, TrackingCode.Parse(new string(swapped)).Status);
            }
        }
    }
}
