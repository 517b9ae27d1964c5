using Azure;
using Feedback.Functions.Http;

namespace Feedback.Functions.Tests.Http;

/// <summary>Which failures of a storage call mean "storage is unavailable" (503 with Retry-After), not a bug (500).</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public void Retries_exhausted_on_refused_connections_and_timed_out_attempts_are_an_outage()
    {
        var exhausted = new AggregateException(
            new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:05."),
            new HttpRequestException("Connection refused (127.0.0.1:10002)"),
            new RequestFailedException(503, "Server busy"));

        Assert.True(StorageOutage.Is(exhausted));
    }

    [Fact]
    public void A_bug_among_the_attempts_is_not_an_outage()
    {
        var exhausted = new AggregateException(new HttpRequestException("Connection refused"), new InvalidOperationException("a bug"));

        Assert.False(StorageOutage.Is(exhausted));
    }

    [Fact]
    public void The_callers_own_cancellation_is_not_an_outage()
    {
        Assert.False(StorageOutage.Is(new OperationCanceledException()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public void No_answer_a_timeout_throttling_and_a_5xx_pass(int status)
    {
        Assert.True(StorageOutage.IsPassing(new RequestFailedException(status, "storage answered so")));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(412)]
    public void A_refusal_would_be_the_same_next_time(int status)
    {
        Assert.True(StorageOutage.Is(new RequestFailedException(status, "refused")));
        Assert.False(StorageOutage.IsPassing(new RequestFailedException(status, "refused")));
    }

    [Fact]
    public void A_timeout_and_exhausted_retries_pass_a_bug_does_not()
    {
        Assert.True(StorageOutage.IsPassing(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.")));
        Assert.True(StorageOutage.IsPassing(new AggregateException(new HttpRequestException("Connection refused"), new TaskCanceledException("timeout"))));
        Assert.False(StorageOutage.IsPassing(new InvalidOperationException("a bug")));
    }
}
