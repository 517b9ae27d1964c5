using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Feedback.Core.Messaging;

namespace Feedback.Storage.ServiceBus;

/// <summary>
/// Sends to Service Bus queues and topics over the REST API
/// (<c>POST https://&lt;namespace&gt;/&lt;queue-or-topic&gt;/messages</c>). MessageId goes out as the broker's
/// MessageId, so a resend inside the entity's duplicate-detection window is dropped by Service Bus; NotBefore
/// becomes ScheduledEnqueueTimeUtc; properties become application properties, always as strings.
/// </summary>
/// <remarks>
/// Errors: <see cref="ServiceBusConfigurationException"/> for 401/403, <see cref="ServiceBusEntityNotFoundException"/>
/// for 404/410, <see cref="ServiceBusMessageTooLargeException"/> for 413, <see cref="ServiceBusTransientException"/>
/// when 408/429/500/503 or network failures outlast the retries, <see cref="ServiceBusException"/> for anything else.
/// </remarks>
public sealed class ServiceBusSender : IMessageSender
{
    private readonly ServiceBusConnection connection;
    private readonly ServiceBusSenderOptions options;
    private readonly HttpPipeline pipeline;

    /// <param name="connection">The namespace and, for SAS, the key.</param>
    /// <param name="credential">The Entra ID credential (managed identity) for a connection without a key; ignored when it has one.</param>
    /// <param name="options">Retries, timeouts and batching; null for the defaults.</param>
    /// <exception cref="ServiceBusConfigurationException">The connection has no key and no credential was given.</exception>
    public ServiceBusSender(ServiceBusConnection connection, TokenCredential? credential = null, ServiceBusSenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        this.connection = connection;
        this.options = options ?? new ServiceBusSenderOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.options.MaxBatchRequestBytes, nameof(options));
        pipeline = ServiceBusPipeline.Create(connection, credential, this.options);
    }

    /// <summary>
    /// Sends one message with its broker properties in the <c>BrokerProperties</c> header and each application
    /// property as a header. A message with a property no header can carry unaltered (see
    /// <see cref="BrokeredMessageFormat.PropertiesFitInHeaders"/>) is sent as a batch of one instead.
    /// </summary>
    public async Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken)
    {
        BrokeredMessageFormat.ValidateEntityPath(queue);
        ArgumentNullException.ThrowIfNull(message);
        BrokeredMessageFormat.ValidateMessageId(message);

        if (!BrokeredMessageFormat.PropertiesFitInHeaders(message))
        {
            await SendBatchAsync(queue, [message], cancellationToken);
            return;
        }

        using var httpMessage = CreatePost(queue);
        var request = httpMessage.Request;
        request.Headers.SetValue(HttpHeader.Names.ContentType, BrokeredMessageFormat.SingleBodyContentType);
        request.Headers.SetValue(BrokeredMessageFormat.BrokerPropertiesHeader, BrokeredMessageFormat.BrokerPropertiesJson(message));
        foreach (var (name, value) in BrokeredMessageFormat.PropertyHeaders(message))
        {
            request.Headers.SetValue(name, value);
        }

        request.Content = RequestContent.Create(message.Body);
        await SendAndEnsureSuccessAsync(httpMessage, queue, messageCount: 1, cancellationToken);
    }

    /// <summary>
    /// Sends the messages as JSON batches of at most <see cref="ServiceBusSenderOptions.MaxBatchRequestBytes"/>,
    /// one request after another. When a later request fails the earlier ones are already on the queue; sending
    /// the whole list again is safe, as duplicate detection drops what arrived before.
    /// </summary>
    public async Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        BrokeredMessageFormat.ValidateEntityPath(queue);
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            BrokeredMessageFormat.ValidateMessageId(message);
        }

        foreach (var body in BrokeredMessageFormat.BatchRequestBodies(messages, options.MaxBatchRequestBytes))
        {
            using var httpMessage = CreatePost(queue);
            httpMessage.Request.Headers.SetValue(HttpHeader.Names.ContentType, BrokeredMessageFormat.BatchContentType);
            httpMessage.Request.Content = RequestContent.Create(body.Json);
            await SendAndEnsureSuccessAsync(httpMessage, queue, body.MessageCount, cancellationToken);
        }
    }

    private HttpMessage CreatePost(string queue)
    {
        var httpMessage = pipeline.CreateMessage();
        httpMessage.Request.Method = RequestMethod.Post;
        httpMessage.Request.Uri.Reset(new Uri(connection.Endpoint, $"{queue}/messages"));
        return httpMessage;
    }

    private async Task SendAndEnsureSuccessAsync(HttpMessage httpMessage, string queue, int messageCount, CancellationToken cancellationToken)
    {
        try
        {
            await pipeline.SendAsync(httpMessage, cancellationToken);
        }
        catch (Exception exception) when (exception is RequestFailedException or AggregateException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Azure.Core throws these once network failures or try timeouts have used up every retry.
            throw new ServiceBusTransientException(
                $"Service Bus namespace '{connection.FullyQualifiedNamespace}' could not be reached to send to '{queue}' "
                + $"after {options.MaxRetries} retries: {exception.Message}",
                exception)
            {
                EntityPath = queue,
            };
        }

        var response = httpMessage.Response;
        if (!response.IsError)
        {
            return;
        }

        throw ErrorFor(response.Status, response.ReasonPhrase, queue, messageCount);
    }

    private ServiceBusException ErrorFor(int status, string reasonPhrase, string queue, int messageCount)
    {
        var answer = $"{status} {reasonPhrase}".TrimEnd();
        return status switch
        {
            401 or 403 => new ServiceBusConfigurationException(
                $"Service Bus refused to let this app send to '{queue}' in namespace '{connection.FullyQualifiedNamespace}' ({answer}): "
                + "check that the shared access key name and key are current and the rule has the Send right, or that the managed identity "
                + "has the 'Azure Service Bus Data Sender' role; a 403 can also mean the namespace quota is exhausted.")
            {
                Status = status,
                EntityPath = queue,
            },
            404 or 410 => new ServiceBusEntityNotFoundException(
                $"The Service Bus queue or topic '{queue}' does not exist in namespace '{connection.FullyQualifiedNamespace}' ({answer}).")
            {
                Status = status,
                EntityPath = queue,
            },
            413 => new ServiceBusMessageTooLargeException(
                $"Service Bus rejected {messageCount} message(s) for '{queue}' as too large ({answer}).")
            {
                Status = status,
                EntityPath = queue,
            },
            408 or 429 or 500 or 503 => new ServiceBusTransientException(
                $"Service Bus kept answering {answer} for '{queue}' through {options.MaxRetries} retries.")
            {
                Status = status,
                EntityPath = queue,
            },
            _ => new ServiceBusException($"Service Bus did not accept {messageCount} message(s) for '{queue}' ({answer}).")
            {
                Status = status,
                EntityPath = queue,
            },
        };
    }
}
