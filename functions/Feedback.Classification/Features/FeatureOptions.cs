namespace Feedback.Classification.Features;

/// <summary>How text becomes hashed features. Stored in every model file: a model is only valid with the options it was trained with.</summary>
public sealed record FeatureOptions
{
    public int HashBits { get; init; } = 18;

    public int CharNgramMin { get; init; } = 2;

    public int CharNgramMax { get; init; } = 4;

    public int Dimension => 1 << HashBits;

    public void Validate()
    {
        // 20 bits is a million buckets, 75 MB of weights in memory: more buys nothing for short messages.
        if (HashBits is < 10 or > 20)
            throw new ArgumentOutOfRangeException(nameof(HashBits), HashBits, "hash bits must be between 10 and 20");
        if (CharNgramMin < 1 || CharNgramMax < CharNgramMin || CharNgramMax > 8)
            throw new ArgumentOutOfRangeException(nameof(CharNgramMax), $"character n-gram range {CharNgramMin}..{CharNgramMax} is not valid");
    }
}
