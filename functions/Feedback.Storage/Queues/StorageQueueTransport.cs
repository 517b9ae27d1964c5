using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Feedback.Core.Messaging;
using Feedback.Storage.Auth;

namespace Feedback.Storage.Queues;

/// <summary>
/// The transport port over Azure Storage Queues (Azurite locally). Each message's text is a base64
/// <see cref="QueueEnvelope"/> carrying MessageId, properties and body; messages never expire (TTL -1);
/// <see cref="OutgoingMessage.NotBefore"/> becomes the initial visibility timeout (at most 7 days ahead);
/// dead letters go to "&lt;queue&gt;-poison" with a "deadLetterReason" property. Queues are created on first use.
/// Storage Queues have no duplicate detection: the same MessageId sent twice is delivered twice, and a
/// message can be delivered again after its lease ends, so handlers are idempotent on MessageId.
/// </summary>
public sealed class StorageQueueTransport : IMessageSender, IMessageReceiver
{
    public const string PoisonQueueSuffix = "-poison";
    public const string DeadLetterReasonProperty = "deadLetterReason";
    public const int MaxMessagesPerReceive = 32;

    /// <summary>The service's limit on a message's (encoded) text.</summary>
    public const int MaxMessageTextLength = 64 * 1024;

    private static readonly TimeSpan MaxVisibilityTimeout = TimeSpan.FromDays(7);

    private readonly HttpPipeline pipeline;
    private readonly string endpoint;
    private readonly ConcurrentDictionary<string, bool> createdQueues = new(StringComparer.Ordinal);

    /// <param name="credential">An Entra ID credential (e.g. a managed identity); without one the connection's
    /// AccountKey signs requests.</param>
    public StorageQueueTransport(StorageConnection connection, TokenCredential? credential = null, StorageClientOptions? options = null)
    {
        pipeline = StoragePipeline.Create(connection, StorageService.Queue, credential, options);
        endpoint = connection.QueueEndpoint.AbsoluteUri.TrimEnd('/');
    }

    /// <exception cref="ArgumentOutOfRangeException">NotBefore is more than 7 days ahead.</exception>
    public async Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var (text, visibilityTimeout) = Prepare(message);
        await EnsureQueueAsync(queue, cancellationToken);
        await PutAsync(queue, text, visibilityTimeout, cancellationToken);
    }

    /// <summary>
    /// One Put Message per message, in order, since Storage Queues have no batch send. Every message is
    /// checked before the first is sent, so a bad one does not leave half a batch behind.
    /// </summary>
    public async Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prepared = messages.Select(Prepare).ToList();
        await EnsureQueueAsync(queue, cancellationToken);
        foreach (var (text, visibilityTimeout) in prepared)
            await PutAsync(queue, text, visibilityTimeout, cancellationToken);
    }

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(
        string queue, int maxMessages, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerReceive);
        if (lease < TimeSpan.FromSeconds(1) || lease > MaxVisibilityTimeout)
            throw new ArgumentOutOfRangeException(nameof(lease), lease, "A lease is 1 second to 7 days.");
        await EnsureQueueAsync(queue, cancellationToken);

        using var message = CreateMessage(RequestMethod.Get, $"{queue}/messages");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(lease));
        await pipeline.SendAsync(message, cancellationToken);

        var response = message.Response;
        if (response.Status != 200)
            throw StorageErrorParser.Exception(response);
        return ReadMessages(response.Content.ToString());
    }

    public async Task CompleteAsync(string queue, ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var request = CreateMessage(RequestMethod.Delete, MessagePath(queue, message));
        request.Request.Uri.AppendQuery("popreceipt", message.Receipt);
        await SendExpectingAsync(request, 204, cancellationToken);
    }

    /// <summary>Update Message with a new visibility timeout: the service keeps the dequeue count.</summary>
    public async Task AbandonAsync(string queue, ReceivedMessage message, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (retryAfter < TimeSpan.Zero || retryAfter > MaxVisibilityTimeout)
            throw new ArgumentOutOfRangeException(nameof(retryAfter), retryAfter, "A retry is 0 seconds to 7 days away.");
        using var request = CreateMessage(RequestMethod.Put, MessagePath(queue, message));
        request.Request.Uri.AppendQuery("popreceipt", message.Receipt);
        request.Request.Uri.AppendQuery("visibilitytimeout", Seconds(retryAfter));
        await SendExpectingAsync(request, 204, cancellationToken);
    }

    /// <summary>Puts the envelope, with the reason added, on "&lt;queue&gt;-poison", then deletes the original:
    /// a crash between the two leaves the message in both places, never in neither.</summary>
    public async Task DeadLetterAsync(string queue, ReceivedMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reason);
        var poisonQueue = queue + PoisonQueueSuffix;
        var properties = new Dictionary<string, string>(message.Properties, StringComparer.Ordinal)
        {
            [DeadLetterReasonProperty] = reason,
        };
        var text = EncodeWithinLimit(new QueueEnvelope(message.MessageId, properties, message.Body.ToArray()), nameof(reason));
        await EnsureQueueAsync(poisonQueue, cancellationToken);
        await PutAsync(poisonQueue, text, TimeSpan.Zero, cancellationToken);
        await CompleteAsync(queue, message, cancellationToken);
    }

    private async Task PutAsync(string queue, string text, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Post, $"{queue}/messages");
        message.Request.Uri.AppendQuery("messagettl", "-1");
        if (visibilityTimeout > TimeSpan.Zero)
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout));
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/xml");
        // Base64 needs no XML escaping.
        message.Request.Content = RequestContent.Create(
            Encoding.UTF8.GetBytes($"<QueueMessage><MessageText>{text}</MessageText></QueueMessage>"));
        await SendExpectingAsync(message, 201, cancellationToken);
    }

    private static (string Text, TimeSpan VisibilityTimeout) Prepare(OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var visibilityTimeout = message.NotBefore is { } notBefore
            ? VisibilityTimeoutUntil(notBefore, nameof(message))
            : TimeSpan.Zero;
        var text = EncodeWithinLimit(new QueueEnvelope(message.MessageId, message.Properties, message.Body.ToArray()), nameof(message));
        return (text, visibilityTimeout);
    }

    private static string EncodeWithinLimit(QueueEnvelope envelope, string parameterName)
    {
        var text = envelope.Encode();
        if (text.Length > MaxMessageTextLength)
            throw new ArgumentException(
                $"Message '{envelope.MessageId}' is {text.Length} characters once encoded; Storage Queues take at most {MaxMessageTextLength}.",
                parameterName);
        return text;
    }

    private async Task EnsureQueueAsync(string queue, CancellationToken cancellationToken)
    {
        ValidateQueueName(queue);
        if (createdQueues.ContainsKey(queue))
            return;
        using var message = CreateMessage(RequestMethod.Put, queue);
        await pipeline.SendAsync(message, cancellationToken);

        // 201 created; 204 already there without metadata; 409 already there with metadata someone else set.
        var response = message.Response;
        if (response.Status is not (201 or 204) && !(response.Status == 409 && IsErrorCode(response, "QueueAlreadyExists")))
            throw StorageErrorParser.Exception(response);
        createdQueues.TryAdd(queue, true);
    }

    private static bool IsErrorCode(Response response, string code) =>
        StorageErrorParser.Instance.TryParse(response, out var error, out _) && error?.Code == code;

    private async Task SendExpectingAsync(HttpMessage message, int expectedStatus, CancellationToken cancellationToken)
    {
        await pipeline.SendAsync(message, cancellationToken);
        if (message.Response.Status != expectedStatus)
            throw StorageErrorParser.Exception(message.Response);
    }

    private HttpMessage CreateMessage(RequestMethod method, string relativePath)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri($"{endpoint}/{relativePath}"));
        return message;
    }

    private static string MessagePath(string queue, ReceivedMessage message) =>
        $"{ValidateQueueName(queue)}/messages/{Uri.EscapeDataString(message.TransportId)}";

    private static List<ReceivedMessage> ReadMessages(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var list = XDocument.Load(reader).Root ?? throw new FormatException("Get Messages answered without a QueueMessagesList.");
        return list.Elements("QueueMessage").Select(ReadMessage).ToList();
    }

    private static ReceivedMessage ReadMessage(XElement element)
    {
        string Field(string name) =>
            element.Element(name)?.Value ?? throw new FormatException($"A queue message came without {name}.");

        var transportId = Field("MessageId");
        var text = Field("MessageText");
        var deliveryCount = int.Parse(Field("DequeueCount"), NumberStyles.Integer, CultureInfo.InvariantCulture);
        var envelope = QueueEnvelope.TryDecode(text)
            // A message put by another tool still reaches its handler (whose failures dead-letter it)
            // instead of wedging the queue: its id is the service's, its body the raw text.
            ?? new QueueEnvelope(transportId, new Dictionary<string, string>(), Encoding.UTF8.GetBytes(text));
        return new ReceivedMessage(
            envelope.MessageId, envelope.Body, envelope.Properties, deliveryCount, Field("PopReceipt"), transportId);
    }

    private static TimeSpan VisibilityTimeoutUntil(DateTimeOffset notBefore, string parameterName)
    {
        var delay = notBefore - DateTimeOffset.UtcNow;
        if (delay > MaxVisibilityTimeout)
            throw new ArgumentOutOfRangeException(
                parameterName, notBefore, "Storage Queues can hide a message for at most 7 days: NotBefore is further ahead.");
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }

    /// <summary>Whole seconds, rounded up so a message never shows before its time.</summary>
    private static string Seconds(TimeSpan span) =>
        ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Lowercase letters, digits and single hyphens, 3 to 63 long, starting and ending with a letter or digit.</summary>
    private static string ValidateQueueName(string queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var valid = queue.Length is >= 3 and <= 63
            && char.IsAsciiLetterOrDigit(queue[0]) && char.IsAsciiLetterOrDigit(queue[^1])
            && queue.All(character => char.IsAsciiLetterLower(character) || char.IsAsciiDigit(character) || character == '-')
            && !queue.Contains("--", StringComparison.Ordinal);
        if (!valid)
            throw new ArgumentException(
                $"Queue name '{queue}' must be 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(queue));
        return queue;
    }
}
