namespace Feedback.Core.Messaging;

/// <summary>
/// A queue's message as one type: it knows its queue and writes and reads its own body, so producers and consumers
/// cannot disagree on the JSON. Each body names its version; <see cref="Deserialize"/> reads every version a queue may
/// still hold after a deploy (including the unversioned JSON written before versions existed).
/// </summary>
public interface IQueueMessage<TSelf>
    where TSelf : class, IQueueMessage<TSelf>
{
    static abstract string Queue { get; }

    /// <summary>The message in a body of any version this build reads; null when the body is not one (unreadable, incomplete or of an unknown version).</summary>
    static abstract TSelf? Deserialize(ReadOnlySpan<byte> body);

    /// <summary>The body in the current version.</summary>
    byte[] Serialize();
}
