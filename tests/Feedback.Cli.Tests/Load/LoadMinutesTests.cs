using Feedback.Cli.Load;

namespace Feedback.Cli.Tests.Load;

public class LoadMinutesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_minute_of_sending_has_its_intake_latency_and_the_queue_lag_of_what_was_due_in_it()
    {
        IntakeResult[] results =
        [
            Result(0, dueAfterSeconds: 0, latencyMs: 40, "A"),
            Result(1, dueAfterSeconds: 59.9, latencyMs: 60, "B"),
            Result(2, dueAfterSeconds: 60, latencyMs: 900, "C"),
            Result(3, dueAfterSeconds: 61, latencyMs: 5000, null),
            Result(4, dueAfterSeconds: 150, latencyMs: 70, "E"),
        ];
        var lags = new Dictionary<string, double> { ["A"] = 100, ["B"] = 300, ["C"] = 7000 };

        var minutes = LoadMinutes.Of(results, code => lags.TryGetValue(code, out var lag) ? lag : null);

        Assert.Equal([0, 1, 2], minutes.Select(minute => minute.Minute));
        Assert.Equal([(2, 2, 2), (2, 1, 1), (1, 1, 0)], minutes.Select(minute => (minute.Sent, minute.Accepted, minute.Routed)));
        Assert.Equal(new Percentiles(40, 60, 60), minutes[0].IntakeLatencyMs);
        Assert.Equal(new Percentiles(100, 300, 300), minutes[0].QueueLagMs);
        Assert.Equal(new Percentiles(900, 900, 900), minutes[1].IntakeLatencyMs);
        Assert.Equal(new Percentiles(7000, 7000, 7000), minutes[1].QueueLagMs);
        Assert.Equal(new Percentiles(0, 0, 0), minutes[2].QueueLagMs);
    }

    [Fact]
    public void A_run_without_requests_has_no_minutes()
    {
        Assert.Empty(LoadMinutes.Of([], _ => null));
    }

    private static IntakeResult Result(int index, double dueAfterSeconds, double latencyMs, string? code)
    {
        var due = Start.AddSeconds(dueAfterSeconds);
        return new IntakeResult(index, new IntakeAnswer(code is null ? 0 : 202, code), due, due.AddMilliseconds(latencyMs), latencyMs);
    }
}
