using System.Text;
using Feedback.Core.Messaging;
using Feedback.Functions.Triggers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feedback.Functions.Tests.Processing;

/// <summary>How one delivery ends when the handler is cut short: a timeout is retried, a stop is not a failure.</summary>
public sealed class QueueTriggerTests
{
    [Fact]
    public async Task A_timeout_inside_the_handler_is_retried_like_any_failure()
    {
        var trigger = new TimingOutTrigger();

        var result = await trigger.DeliverAsync(Message(deliveryCount: 1), CancellationToken.None);

        Assert.Equal(DeliveryVerdict.Retry, result.Verdict);
        Assert.Contains(nameof(TaskCanceledException), result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_on_the_last_delivery_is_given_up_and_dead_lettered()
    {
        var trigger = new TimingOutTrigger();

        var result = await trigger.DeliverAsync(Message(deliveryCount: QueueTrigger<Body>.MaxDeliveries), CancellationToken.None);

        Assert.Equal(DeliveryVerdict.DeadLetter, result.Verdict);
        Assert.Equal(1, trigger.GivenUp);
    }

    [Fact]
    public async Task Stopping_while_handling_is_not_a_failure()
    {
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TimingOutTrigger().DeliverAsync(Message(deliveryCount: 1), stopping.Token));
    }

    private static ReceivedMessage Message(int deliveryCount) =>
        new("m-1", Encoding.UTF8.GetBytes("""{"name":"x"}"""), new Dictionary<string, string>(), deliveryCount, "receipt", "transport-1");

    public sealed record Body(string Name);

    private sealed class TimingOutTrigger() : QueueTrigger<Body>(NullLogger.Instance)
    {
        public int GivenUp { get; private set; }

        public override string FunctionName => "TimingOut";

        public override string Queue => "timing-out";

        protected override string Describe(Body body) => body.Name;

        protected override bool IsWellFormed(Body body) => body.Name.Length > 0;

        protected override Task<string> HandleAsync(Body body, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.");
        }

        protected override Task GiveUpAsync(Body body, string reason, CancellationToken cancellationToken)
        {
            GivenUp++;
            return Task.CompletedTask;
        }
    }
}
