using Feedback.Core.Items;
using Feedback.Functions.Intake;

namespace Feedback.Functions.Tests.Intake;

public class BufferedCryptoRandomTests
{
    [Fact]
    public void Tracking_codes_are_drawn_from_a_buffer_not_a_call_to_the_generator_a_digit()
    {
        var fills = 0;
        var random = new BufferedCryptoRandom(bytes =>
        {
            fills++;
            System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        });

        var codes = Enumerable.Range(0, 10).Select(_ => TrackingCode.NewCodeIn(5, random.Below)).ToList();

        // About 144 draws a code, four bytes each: ten codes take two buffers of 4 KiB, not 1,440 calls.
        Assert.InRange(fills, 1, 4);
        Assert.All(codes, code => Assert.Equal(5, code.Shard));
        Assert.Equal(10, codes.Distinct().Count());
    }

    [Fact]
    public void Every_value_below_the_bound_is_as_likely()
    {
        var seeded = new Random(7);
        var random = new BufferedCryptoRandom(bytes => seeded.NextBytes(bytes));
        var counts = new int[10];

        for (var draw = 0; draw < 100_000; draw++)
            counts[random.Below(10)]++;

        Assert.All(counts, count => Assert.InRange(count, 9_500, 10_500));
    }

    [Fact]
    public void A_value_in_the_incomplete_last_range_is_drawn_again_rather_than_folded()
    {
        // 0xFFFFFFFF is above the largest multiple of 10 below 2^32: taken modulo 10 it would make 5 likelier.
        var fills = new Queue<byte>([0xFF, 0xFF, 0xFF, 0xFF, 3, 0, 0, 0]);
        var random = new BufferedCryptoRandom(bytes =>
        {
            for (var index = 0; index < bytes.Length; index++)
                bytes[index] = fills.TryDequeue(out var next) ? next : (byte)0;
        });

        Assert.Equal(3, random.Below(10));
    }

    [Fact]
    public void A_bound_below_one_is_refused()
    {
        var random = new BufferedCryptoRandom(_ => { });

        Assert.Throws<ArgumentOutOfRangeException>(() => random.Below(0));
    }
}
