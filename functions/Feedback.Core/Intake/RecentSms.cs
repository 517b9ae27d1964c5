using System.Collections.Concurrent;
using Feedback.Core.Items;
using Feedback.Core.Privacy;

namespace Feedback.Core.Intake;

/// <summary>
/// The SMS this process stored and handed to processing lately, by de-duplication key, so that a provider's
/// redelivery to the same process is answered from memory: its item is stored, and its hand-over reached the queue
/// (which delivers it until processed or given up), so storing, reading or handing over again would change nothing.
/// At most <see cref="Capacity"/> entries, none older than <see cref="Lifetime"/>; a redelivery that finds none takes
/// the path through storage, which is always right.
/// </summary>
public sealed class RecentSms(TimeProvider clock)
{
    public const int Capacity = 10_000;

    /// <summary>Long enough for a provider's retries of a slow answer, short enough that no item has been erased since.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> oldestFirst = new();

    /// <param name="textHash">A keyed hash of the text (<see cref="PhoneProtector.TextHash"/>): a redelivery brings the same text, and no text is held in memory.</param>
    public void Add(string deduplicationKey, TrackingCode code, PhoneHash phoneHash, string textHash)
    {
        if (!entries.TryAdd(deduplicationKey, new Entry(code, phoneHash, textHash, clock.GetUtcNow())))
            return;
        oldestFirst.Enqueue(deduplicationKey);
        while (entries.Count > Capacity && oldestFirst.TryDequeue(out var oldest))
            entries.TryRemove(oldest, out _);
    }

    public Entry? Find(string deduplicationKey) =>
        entries.TryGetValue(deduplicationKey, out var entry) && clock.GetUtcNow() - entry.AcceptedAt < Lifetime ? entry : null;

    public sealed record Entry(TrackingCode Code, PhoneHash PhoneHash, string TextHash, DateTimeOffset AcceptedAt);
}
