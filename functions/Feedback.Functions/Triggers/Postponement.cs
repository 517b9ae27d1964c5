using System.Globalization;
using Feedback.Core.Messaging;

namespace Feedback.Functions.Triggers;

/// <summary>
/// The copy a queue trigger puts back when storage is out (<see cref="QueueTrigger{TBody}"/>): the same body and
/// properties, due after a back-off of 5 s doubling up to 5 minutes, counting its postponements in a property.
/// </summary>
public static class Postponement
{
    /// <summary>With <see cref="Delay"/>, a message waits out about an hour and a half of outage before an outage counts.</summary>
    public const int Max = 24;

    /// <summary>How many times a message has been postponed: an application property its copies carry.</summary>
    public const string CountProperty = "feedback-postponements";

    /// <summary>The id of the message before its first postponement: the copies' ids are made from it.</summary>
    public const string FirstMessageIdProperty = "feedback-first-message-id";

    public static TimeSpan Delay(int postponement) =>
        TimeSpan.FromSeconds(Math.Min(300, 5 * Math.Pow(2, Math.Clamp(postponement, 1, 16) - 1)));

    /// <returns>The copy to send, or null when the message has been postponed <see cref="Max"/> times already.</returns>
    public static OutgoingMessage? CopyOf(ReceivedMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        var postponement = (int.TryParse(message.Properties.GetValueOrDefault(CountProperty), NumberStyles.None, CultureInfo.InvariantCulture, out var earlier) ? earlier : 0) + 1;
        if (postponement > Max)
            return null;
        var firstMessageId = message.Properties.GetValueOrDefault(FirstMessageIdProperty) ?? message.MessageId;
        var properties = new Dictionary<string, string>(message.Properties, StringComparer.Ordinal)
        {
            [CountProperty] = postponement.ToString(CultureInfo.InvariantCulture),
            [FirstMessageIdProperty] = firstMessageId,
        };
        // A distinct id per copy: Service Bus's duplicate detection would drop a copy that reused the message's own.
        return new OutgoingMessage($"{firstMessageId}.postponed-{postponement}", message.Body, properties, now + Delay(postponement));
    }
}
