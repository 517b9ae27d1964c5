namespace Feedback.Classification.Training;

/// <summary>
/// A tiny seeded generator (Steele, Lea &amp; Flood's SplitMix64) with a Fisher–Yates shuffle. The project's
/// own, because System.Random's sequence for a seed is not promised to stay the same across .NET versions,
/// and the folds of cross-validation (so the shipped model's bytes) must.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>A whole number in [0, bound), by rejection so that every value is equally likely.</summary>
    public int NextBelow(int bound)
    {
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
        ulong value;
        do
        {
            value = Next();
        }
        while (value >= limit);
        return (int)(value % (ulong)bound);
    }

    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextBelow(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
