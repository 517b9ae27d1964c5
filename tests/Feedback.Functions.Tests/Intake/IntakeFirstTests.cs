using Feedback.Functions.Intake;
using Microsoft.AspNetCore.Http;

namespace Feedback.Functions.Tests.Intake;

/// <summary>Processing waits while intake is busy: citizens waiting on their tracking code come before queue messages.</summary>
public class IntakeFirstTests
{
    [Fact]
    public async Task An_intake_request_counts_while_it_runs_and_not_after_even_when_it_throws()
    {
        var intakeFirst = new IntakeFirst();
        var release = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = new DefaultEndpointFilterInvocationContext(new DefaultHttpContext());

        var running = intakeFirst.CountAsync(context, _ => new ValueTask<object?>(release.Task)).AsTask();
        var failing = intakeFirst.CountAsync(context, _ => throw new InvalidOperationException("storage is down"));
        var countedWhileRunning = intakeFirst.InFlight;
        release.SetResult(null);
        await running;

        Assert.Equal(1, countedWhileRunning);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.AsTask());
        Assert.Equal(0, intakeFirst.InFlight);
    }

    [Fact]
    public async Task Processing_waits_while_more_intake_requests_than_busy_are_in_flight_and_goes_on_once_they_end()
    {
        var intakeFirst = new IntakeFirst();
        var release = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = new DefaultEndpointFilterInvocationContext(new DefaultHttpContext());
        var requests = Enumerable.Range(0, IntakeFirst.Busy + 1).Select(_ => intakeFirst.CountAsync(context, _ => new ValueTask<object?>(release.Task)).AsTask()).ToArray();

        var processing = intakeFirst.WaitUntilQuietAsync(TimeProvider.System, CancellationToken.None);
        var finishedEarly = await Task.WhenAny(processing, Task.Delay(TimeSpan.FromMilliseconds(300))) == processing;
        release.SetResult(null);
        await Task.WhenAll(requests);

        Assert.False(finishedEarly);
        await processing.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Processing_goes_on_at_once_while_intake_is_not_busy()
    {
        var intakeFirst = new IntakeFirst();
        var release = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = new DefaultEndpointFilterInvocationContext(new DefaultHttpContext());
        var requests = Enumerable.Range(0, IntakeFirst.Busy).Select(_ => intakeFirst.CountAsync(context, _ => new ValueTask<object?>(release.Task)).AsTask()).ToArray();

        await intakeFirst.WaitUntilQuietAsync(TimeProvider.System, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        release.SetResult(null);
        await Task.WhenAll(requests);
    }
}
