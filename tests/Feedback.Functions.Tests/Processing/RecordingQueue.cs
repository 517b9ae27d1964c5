using Azure;
using Feedback.Core.Messaging;

namespace Feedback.Functions.Tests.Processing;

/// <summary>A queue that keeps every message it is given, or answers 503 as a busy queue service does while <see cref="Down"/>.</summary>
internal sealed class RecordingQueue : IMessageSender
{
    public List<(string Queue, OutgoingMessage Message)> Sent { get; } = [];

    public bool Down { get; set; }

    public Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (Down)
            throw new RequestFailedException(503, "The server is busy.");
        lock (Sent)
            Sent.Add((queue, message));
        return Task.CompletedTask;
    }

    public async Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
            await SendAsync(queue, message, cancellationToken);
    }
}
