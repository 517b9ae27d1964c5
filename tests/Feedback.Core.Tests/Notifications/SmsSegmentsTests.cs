using Feedback.Core.Notifications;

namespace Feedback.Core.Tests.Notifications;

public class SmsSegmentsTests
{
    [Theory]
    [InlineData("Your code is 1234", SmsEncoding.Gsm7)]
    [InlineData("Price: 10€ [promo] {x} ^~|\\", SmsEncoding.Gsm7)]
    [InlineData("Ünïcode", SmsEncoding.Ucs2)]
    [InlineData("سلام", SmsEncoding.Ucs2)]
    [InlineData("code ۱۲۳", SmsEncoding.Ucs2)]
    [InlineData("ok 👍", SmsEncoding.Ucs2)]
    [InlineData("", SmsEncoding.Gsm7)]
    public void The_encoding_is_gsm7_only_when_every_character_is_in_the_gsm_alphabet(string text, SmsEncoding expected) =>
        Assert.Equal(expected, SmsSegments.EncodingOf(text));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Gsm7_holds_160_in_one_segment_and_153_per_part(int length, int segments) =>
        Assert.Equal(segments, SmsSegments.Count(new string('a', length)));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(201, 3)]
    [InlineData(202, 4)]
    public void Ucs2_holds_70_in_one_segment_and_67_per_part(int length, int segments) =>
        Assert.Equal(segments, SmsSegments.Count(new string('ب', length)));

    [Theory]
    [InlineData(80, 1)]
    [InlineData(81, 2)]
    public void A_gsm_extension_character_counts_as_two(int euros, int segments) =>
        Assert.Equal(segments, SmsSegments.Count(new string('€', euros)));

    [Fact]
    public void An_extension_character_is_not_split_across_parts()
    {
        // 152 septets, then "€" (2 septets) would straddle the first part's end, so it opens the second part.
        var text = new string('a', 152) + "€" + new string('a', 152);

        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.EncodingOf(text));
        Assert.Equal(3, SmsSegments.Count(text));
        Assert.Equal(2, SmsSegments.Count(new string('a', 151) + "€" + new string('a', 153)));
    }

    [Fact]
    public void A_character_outside_the_basic_plane_counts_as_two_code_units()
    {
        Assert.Equal(1, SmsSegments.Count(new string('ب', 68) + "🌹"));
        Assert.Equal(2, SmsSegments.Count(new string('ب', 69) + "🌹"));
    }

    [Fact]
    public void A_surrogate_pair_is_not_split_across_parts()
    {
        // 66 units, then a pair that would straddle the first part's end, then 66: 134 units but three parts.
        var straddling = new string('ب', 66) + "🌹" + new string('ب', 66);
        var aligned = new string('ب', 65) + "🌹" + new string('ب', 67);

        Assert.Equal(134, straddling.Length);
        Assert.Equal(3, SmsSegments.Count(straddling));
        Assert.Equal(2, SmsSegments.Count(aligned));
    }

    [Theory]
    [InlineData(134, 2, true)]
    [InlineData(135, 2, false)]
    [InlineData(70, 1, true)]
    [InlineData(71, 1, false)]
    public void FitsIn_compares_the_segment_count_with_the_limit(int length, int maxSegments, bool fits) =>
        Assert.Equal(fits, SmsSegments.FitsIn(new string('پ', length), maxSegments));

    [Theory]
    [InlineData(SmsEncoding.Ucs2, 1, 70)]
    [InlineData(SmsEncoding.Ucs2, 2, 134)]
    [InlineData(SmsEncoding.Ucs2, 3, 201)]
    [InlineData(SmsEncoding.Gsm7, 1, 160)]
    [InlineData(SmsEncoding.Gsm7, 2, 306)]
    public void Capacity_is_the_single_length_or_parts_times_the_part_length(SmsEncoding encoding, int segments, int capacity) =>
        Assert.Equal(capacity, SmsSegments.Capacity(encoding, segments));
}
