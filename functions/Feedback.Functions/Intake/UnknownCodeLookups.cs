using System.Threading.RateLimiting;
using Feedback.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Intake;

/// <summary>
/// Look-ups of tracking codes that do not exist, counted per client and over all clients. A code carries a check
/// digit, so a mistyped one is refused without counting; what is counted is a well-formed code nobody was given,
/// which is what someone guessing codes sends (with a million items stored, about one random code in a thousand
/// exists). Once a client, or everyone together, has spent the budget, every look-up is refused with 429 until the
/// window ends, a real code's included: answering hits while refusing misses would still tell a guesser which exist.
/// </summary>
internal sealed class UnknownCodeLookups : IDisposable
{
    private readonly PartitionedRateLimiter<string> perClient;
    private readonly FixedWindowRateLimiter overall;

    public UnknownCodeLookups(IOptions<PipelineSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var perHour = settings.Value.UnknownCodeLookupsPerHour;
        perClient = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
        overall = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = settings.Value.UnknownCodeLookupsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }

    /// <summary>How long the client must wait before it may look a code up; null when it may now.</summary>
    public TimeSpan? Wait(string client)
    {
        // Asking for no permit says whether any is left, without spending one.
        using var own = perClient.AttemptAcquire(client, 0);
        if (!own.IsAcquired)
            return RetryAfter(own, TimeSpan.FromHours(1));
        using var everyone = overall.AttemptAcquire(0);
        return everyone.IsAcquired ? null : RetryAfter(everyone, TimeSpan.FromMinutes(1));
    }

    /// <summary>Counts a look-up that found nothing.</summary>
    public void Missed(string client)
    {
        perClient.AttemptAcquire(client).Dispose();
        overall.AttemptAcquire().Dispose();
    }

    public void Dispose()
    {
        perClient.Dispose();
        overall.Dispose();
    }

    private static TimeSpan RetryAfter(RateLimitLease lease, TimeSpan window) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
}
