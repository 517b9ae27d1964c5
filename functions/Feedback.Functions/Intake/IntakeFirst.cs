namespace Feedback.Functions.Intake;

/// <summary>
/// Intake before processing, in Local mode: a citizen waits on an intake request, nobody waits on a queue message.
/// The intake endpoints count themselves in flight here; the local trigger runner takes no new message while more
/// than <see cref="Busy"/> are, so on one machine's storage a load above what it can process shows as a queue
/// backlog that drains afterwards, not as citizens waiting for their tracking code. (In Azure the Functions host
/// scales intake and processing apart.)
/// </summary>
public sealed class IntakeFirst
{
    /// <summary>Intake requests in flight above which processing takes no new message.</summary>
    public const int Busy = 6;

    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(10);

    private int inFlight;

    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>An endpoint filter counting the intake request in flight while it runs.</summary>
    public async ValueTask<object?> CountAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        Interlocked.Increment(ref inFlight);
        try
        {
            return await next(context);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    /// <summary>Returns once intake is not busy.</summary>
    public async Task WaitUntilQuietAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        while (InFlight > Busy)
            await Task.Delay(Recheck, clock, cancellationToken);
    }
}
