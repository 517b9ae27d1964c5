using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Feedback.Functions.Intake;

/// <summary>
/// Cryptographic random integers below a bound, served from a buffer that <see cref="RandomNumberGenerator.Fill"/> refills,
/// each byte used once. A tracking code takes about 144 draws (nine digits, and sixteen codes drawn on average until one
/// falls in its shard), and every <see cref="RandomNumberGenerator.GetInt32(int)"/> is a call into OpenSSL with a getpid
/// system call of its own: a perf profile of the app answering 5,000 requests at 1,000/s found getpid at about 7% of its
/// CPU and libcrypto at 8% (with the phones' encryption). Drawn from a buffer, the digits are as unguessable.
/// </summary>
internal sealed class BufferedCryptoRandom(Action<Span<byte>> fill)
{
    private const int BufferBytes = 4096;

    /// <summary>The app's source: the system's cryptographic generator, one call a buffer.</summary>
    public static BufferedCryptoRandom Shared { get; } = new(RandomNumberGenerator.Fill);

    private readonly Lock gate = new();
    private readonly byte[] buffer = new byte[BufferBytes];
    private int position = BufferBytes;

    /// <summary>A uniformly random integer from 0 up to (not including) <paramref name="bound"/>, as <see cref="RandomNumberGenerator.GetInt32(int)"/>.</summary>
    public int Below(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        // Values at or above the largest multiple of the bound are drawn again, so that no remainder is likelier than another.
        var limit = (1UL << 32) - ((1UL << 32) % (ulong)bound);
        while (true)
        {
            var value = (ulong)NextUInt32();
            if (value < limit)
                return (int)(value % (ulong)bound);
        }
    }

    private uint NextUInt32()
    {
        lock (gate)
        {
            if (position > BufferBytes - sizeof(uint))
            {
                fill(buffer);
                position = 0;
            }
            var value = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(position));
            position += sizeof(uint);
            return value;
        }
    }
}
