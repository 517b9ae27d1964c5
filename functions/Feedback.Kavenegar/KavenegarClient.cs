using System.Collections.Frozen;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace Feedback.Kavenegar;

/// <summary>
/// Kavenegar's REST API (<c>{BaseAddress}v1/{API-KEY}/{section}/{method}.json</c>, form-urlencoded POST) as a typed
/// <see cref="HttpClient"/>, registered with <see cref="KavenegarServiceCollectionExtensions.AddKavenegarClient"/>.
/// Every call goes through a resilience pipeline (per-attempt timeout, jittered exponential retries of what is transient)
/// and fails with a <see cref="KavenegarException"/> whose <see cref="KavenegarException.Kind"/> says what to do next.
/// Nothing it logs or throws holds the API key, a phone number or a message text.
/// </summary>
public sealed partial class KavenegarClient
{
    /// <summary>The most messages one <c>sms/send</c> or <c>sms/sendarray</c> call takes (Kavenegar's limit).</summary>
    public const int MaxMessagesPerCall = 200;

    /// <summary>The most message ids one <c>sms/status</c> call takes (Kavenegar's limit).</summary>
    public const int MaxIdsPerStatusCall = 500;

    private readonly HttpClient httpClient;
    private readonly KavenegarOptions options;
    private readonly ResiliencePipeline pipeline;
    private readonly ILogger logger;

    internal KavenegarClient(HttpClient httpClient, KavenegarOptions options, KavenegarPipeline pipeline, ILogger<KavenegarClient> logger)
    {
        this.httpClient = httpClient;
        this.options = options;
        this.pipeline = pipeline.Pipeline;
        this.logger = logger;
    }

    /// <summary>Sends <paramref name="message"/> to one receptor (<c>sms/send</c>).</summary>
    /// <param name="localId">
    /// The caller's id for this message. Kavenegar sends a local id only once and answers a repeat with the message it
    /// already has: with one, a call is retried even after a timeout and a caller may resend safely.
    /// </param>
    /// <param name="scheduledAt">When Kavenegar should send it; now when null.</param>
    public async Task<KavenegarMessage> SendAsync(
        string receptor,
        string message,
        string? sender = null,
        long? localId = null,
        DateTimeOffset? scheduledAt = null,
        CancellationToken cancellationToken = default)
    {
        var sent = await SendAsync([receptor], message, sender, localId is { } id ? [id] : null, scheduledAt, cancellationToken);
        return sent[0];
    }

    /// <summary>Sends one text to up to <see cref="MaxMessagesPerCall"/> receptors (<c>sms/send</c>), one entry per receptor.</summary>
    /// <param name="localIds">One distinct local id per receptor, in the same order, or none (see the single-receptor overload).</param>
    /// <exception cref="ArgumentException">No receptors, more than <see cref="MaxMessagesPerCall"/>, or local ids that do not pair up.</exception>
    public async Task<IReadOnlyList<KavenegarMessage>> SendAsync(
        IReadOnlyList<string> receptors,
        string message,
        string? sender = null,
        IReadOnlyList<long>? localIds = null,
        DateTimeOffset? scheduledAt = null,
        CancellationToken cancellationToken = default)
    {
        RequireCount(receptors, MaxMessagesPerCall, nameof(receptors), "receptors");
        foreach (var receptor in receptors)
        {
            RequireText(receptor, nameof(receptors), "a receptor");
            if (receptor.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException("A receptor must not contain a comma: Kavenegar separates receptors with commas.", nameof(receptors));
            }
        }

        RequireText(message, nameof(message), "the message");
        if (localIds is not null)
        {
            RequireLocalIds(localIds, receptors.Count, nameof(localIds));
        }

        var fields = new List<KeyValuePair<string, string>>
        {
            new("receptor", string.Join(',', receptors)),
            new("message", message),
        };
        AddIfPresent(fields, "sender", sender ?? options.Sender);
        AddIfPresent(fields, "localid", localIds is null ? null : string.Join(',', localIds.Select(Invariant)));
        AddIfPresent(fields, "date", scheduledAt is { } at ? Invariant(at.ToUnixTimeSeconds()) : null);

        return await CallAsync(
            "sms", "send", fields, changesState: true, localIds is not null, e => Exactly(e.ReadMessages(), receptors.Count), cancellationToken);
    }

    /// <summary>
    /// Sends up to <see cref="MaxMessagesPerCall"/> different messages in one call (<c>sms/sendarray</c>), each with its own
    /// receptor, text, sender line and local id. A longer list is refused, never split: splitting is the caller's decision.
    /// </summary>
    /// <exception cref="ArgumentException">No messages, more than <see cref="MaxMessagesPerCall"/>, or local ids given for some but not all.</exception>
    /// <exception cref="KavenegarException">A message has no sender line and <see cref="KavenegarOptions.Sender"/> is not set (Configuration).</exception>
    public async Task<IReadOnlyList<KavenegarMessage>> SendArrayAsync(
        IReadOnlyList<KavenegarOutgoingMessage> messages,
        DateTimeOffset? scheduledAt = null,
        CancellationToken cancellationToken = default)
    {
        RequireCount(messages, MaxMessagesPerCall, nameof(messages), "messages");
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            RequireText(message.Receptor, nameof(messages), "a receptor");
            RequireText(message.Text, nameof(messages), "a message text");
        }

        var localIds = messages.Select(message => message.LocalId).ToList();
        var withLocalIds = localIds.Count(id => id is not null);
        if (withLocalIds != 0 && withLocalIds != localIds.Count)
        {
            throw new ArgumentException("Give every message a local id or none: Kavenegar pairs local ids with messages by position.", nameof(messages));
        }

        if (withLocalIds != 0)
        {
            RequireLocalIds(localIds.Select(id => id!.Value).ToList(), messages.Count, nameof(messages));
        }

        var senders = messages.Select(message => message.Sender ?? options.Sender).ToList();
        if (senders.Any(string.IsNullOrWhiteSpace))
        {
            throw new KavenegarException(
                KavenegarFailureKind.Configuration,
                "sms/sendarray needs a sender line for every message: set KavenegarOptions.Sender or give each message one.");
        }

        var fields = new List<KeyValuePair<string, string>>
        {
            new("receptor", JsonSerializer.Serialize(messages.Select(message => message.Receptor))),
            new("sender", JsonSerializer.Serialize(senders)),
            new("message", JsonSerializer.Serialize(messages.Select(message => message.Text))),
        };
        // Kavenegar's reference shows an array, its .NET SDK sends a comma list under this name (its PHP and Go SDKs use
        // other names): the form of the SDK for this platform.
        AddIfPresent(fields, "localmessageids", withLocalIds == 0 ? null : string.Join(',', localIds.Select(id => Invariant(id!.Value))));
        AddIfPresent(fields, "date", scheduledAt is { } at ? Invariant(at.ToUnixTimeSeconds()) : null);

        return await CallAsync(
            "sms", "sendarray", fields, changesState: true, withLocalIds != 0, e => Exactly(e.ReadMessages(), messages.Count), cancellationToken);
    }

    /// <summary>The delivery status of up to <see cref="MaxIdsPerStatusCall"/> messages (<c>sms/status</c>), one entry per id.</summary>
    /// <exception cref="ArgumentException">No ids or more than <see cref="MaxIdsPerStatusCall"/>.</exception>
    public async Task<IReadOnlyList<KavenegarMessageStatus>> GetStatusAsync(
        IReadOnlyList<long> messageIds,
        CancellationToken cancellationToken = default)
    {
        RequireCount(messageIds, MaxIdsPerStatusCall, nameof(messageIds), "message ids");
        var fields = new List<KeyValuePair<string, string>> { new("messageid", string.Join(',', messageIds.Select(Invariant))) };
        return await CallAsync(
            "sms", "status", fields, changesState: false, hasLocalIds: false, e => Exactly(e.ReadStatuses(), messageIds.Count), cancellationToken);
    }

    /// <summary>
    /// The status of messages by the caller's local ids (<c>sms/statuslocalmessageid</c>), one entry per id. Kavenegar keeps
    /// local ids for 12 hours (its reference); an id it does not know, or no longer knows, comes back with status 100 and
    /// message id 0. This is how a send whose outcome is unknown is checked without sending it again.
    /// </summary>
    public async Task<IReadOnlyList<KavenegarLocalMessageStatus>> GetStatusByLocalIdsAsync(
        IReadOnlyList<long> localIds,
        CancellationToken cancellationToken = default)
    {
        RequireCount(localIds, MaxIdsPerStatusCall, nameof(localIds), "local ids");
        var fields = new List<KeyValuePair<string, string>> { new("localid", string.Join(',', localIds.Select(Invariant))) };
        return await CallAsync(
            "sms", "statuslocalmessageid", fields, changesState: false, hasLocalIds: false, e => Exactly(e.ReadLocalStatuses(), localIds.Count), cancellationToken);
    }

    /// <summary>
    /// The unread inbound SMS of one of the account's lines (<c>sms/receive</c>, <c>isread=0</c>): the messages Kavenegar
    /// could not forward to the app stay unread there. Kavenegar marks what it returns as read, so a call that got no usable
    /// answer is not repeated (the outcome is unknown: those messages may now be read); the next call gets the rest.
    /// </summary>
    public async Task<IReadOnlyList<KavenegarInboundMessage>> ReceiveUnreadAsync(string lineNumber, CancellationToken cancellationToken = default)
    {
        RequireText(lineNumber, nameof(lineNumber), "the line number");
        var fields = new List<KeyValuePair<string, string>> { new("linenumber", lineNumber), new("isread", "0") };
        return await CallAsync("sms", "receive", fields, changesState: true, hasLocalIds: false, e => e.ReadInbound(), cancellationToken);
    }

    /// <summary>
    /// Sends a verification message built by Kavenegar from one of the account's approved templates (<c>verify/lookup</c>).
    /// Kavenegar takes no local id here, so a call whose outcome is unknown (a timeout, a bare 5xx) is not retried.
    /// token, token2 and token3 take no spaces, token10 up to 5 and token20 up to 8 (Kavenegar answers 431 otherwise).
    /// </summary>
    public async Task<KavenegarMessage> VerifyLookupAsync(
        string receptor,
        string template,
        string token,
        string? token2 = null,
        string? token3 = null,
        string? token10 = null,
        string? token20 = null,
        CancellationToken cancellationToken = default)
    {
        RequireText(receptor, nameof(receptor), "the receptor");
        RequireText(template, nameof(template), "the template");
        RequireText(token, nameof(token), "the token");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("receptor", receptor),
            new("template", template),
            new("token", token),
        };
        AddIfPresent(fields, "token2", token2);
        AddIfPresent(fields, "token3", token3);
        AddIfPresent(fields, "token10", token10);
        AddIfPresent(fields, "token20", token20);

        return await CallAsync(
            "verify", "lookup", fields, changesState: true, hasLocalIds: false, e => Exactly(e.ReadMessages(), 1)[0], cancellationToken);
    }

    /// <summary>The account's remaining credit and expiry (<c>account/info</c>).</summary>
    public async Task<KavenegarAccountInfo> GetAccountInfoAsync(CancellationToken cancellationToken = default)
    {
        return await CallAsync(
            "account", "info", [], changesState: false, hasLocalIds: false, e => e.ReadAccountInfo(), cancellationToken);
    }

    private async Task<T> CallAsync<T>(
        string section,
        string method,
        IReadOnlyList<KeyValuePair<string, string>> fields,
        bool changesState,
        bool hasLocalIds,
        Func<KavenegarEnvelope, T> readEntries,
        CancellationToken cancellationToken)
    {
        var apiKey = options.ApiKey;
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            var missing = new KavenegarException(
                KavenegarFailureKind.Configuration,
                "Kavenegar's API key is not configured (KavenegarOptions.ApiKey is empty), so no SMS can be sent through Kavenegar.");
            LogConfigurationFailure(logger, KavenegarRedaction.Endpoint(section, method), missing.Message);
            throw missing;
        }

        var call = new Call(
            this,
            new Uri(BaseAddress(), $"v1/{Uri.EscapeDataString(apiKey)}/{section}/{method}.json"),
            KavenegarRedaction.Endpoint(section, method),
            apiKey,
            fields,
            changesState);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(KavenegarPipeline.EndpointKey, call.Endpoint);
        context.Properties.Set(KavenegarPipeline.RetryAmbiguousKey, !changesState || hasLocalIds);
        KavenegarEnvelope envelope;
        try
        {
            envelope = await pipeline.ExecuteAsync(
                static (attemptContext, call) => call.Client.AttemptAsync(call, attemptContext.CancellationToken),
                context,
                call);
        }
        catch (KavenegarException failure)
        {
            LogFailure(failure);
            throw;
        }
        catch (TimeoutRejectedException)
        {
            throw Failed(new KavenegarException(
                KavenegarFailureKind.Transient,
                $"Kavenegar {call.Endpoint} did not answer within {options.RequestTimeout.TotalSeconds:0.###} s.",
                call.Endpoint,
                outcomeUnknown: changesState));
        }
        catch (HttpRequestException transport)
        {
            throw Failed(new KavenegarException(
                KavenegarFailureKind.Transient,
                $"Kavenegar {call.Endpoint} could not be reached ({transport.HttpRequestError}).",
                call.Endpoint,
                outcomeUnknown: changesState && !KavenegarPipeline.FailedBeforeSending(transport),
                innerException: KavenegarRedaction.Mentions(transport, apiKey) ? null : transport));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        try
        {
            return readEntries(envelope);
        }
        catch (JsonException unreadable)
        {
            // Kavenegar accepted the call, so for a send the messages may be out even though their entries cannot be matched.
            throw Failed(new KavenegarException(
                KavenegarFailureKind.Transient,
                $"Kavenegar {call.Endpoint} accepted the call but its entries could not be read: {unreadable.Message}",
                call.Endpoint,
                envelope.Status,
                outcomeUnknown: changesState));
        }
    }

    private async ValueTask<KavenegarEnvelope> AttemptAsync(Call call, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, call.Url) { Content = new FormUrlEncodedContent(call.Fields) };
        var started = Stopwatch.GetTimestamp();
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var httpStatus = (int)response.StatusCode;
        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        if (!KavenegarEnvelope.TryParse(body, out var envelope))
        {
            LogAnsweredWithoutEnvelope(logger, call.Endpoint, httpStatus, elapsed);
            throw WithoutEnvelope(call, response.StatusCode);
        }

        LogAnswered(logger, call.Endpoint, envelope.Status, httpStatus, elapsed);
        if (envelope.Status == KavenegarReturnCodes.Success)
        {
            return envelope;
        }

        var meaning = KavenegarReturnCodes.Describe(envelope.Status) ?? "an undocumented return status";
        var said = string.IsNullOrWhiteSpace(envelope.Message) ? "" : $" Kavenegar said: {KavenegarRedaction.Redact(envelope.Message, call.ApiKey)}";
        var kind = KavenegarReturnCodes.Classify(envelope.Status);
        throw new KavenegarException(
            kind,
            $"Kavenegar {call.Endpoint} failed with return status {envelope.Status} ({meaning}).{said}",
            call.Endpoint,
            envelope.Status,
            httpStatus,
            // Only 409 says the call was not taken up; any other transient status may come after the messages went out.
            outcomeUnknown: call.ChangesState && kind == KavenegarFailureKind.Transient && envelope.Status != KavenegarReturnCodes.ServerBusy);
    }

    private static KavenegarException WithoutEnvelope(Call call, HttpStatusCode status)
    {
        var code = (int)status;
        var (kind, reading) = code switch
        {
            >= 500 or (int)HttpStatusCode.RequestTimeout => (KavenegarFailureKind.Transient, "Kavenegar or a gateway before it failed"),
            (int)HttpStatusCode.TooManyRequests => (KavenegarFailureKind.Throttled, "too many requests"),
            >= 400 => (KavenegarFailureKind.Configuration, "check KavenegarOptions.BaseAddress and any proxy"),
            _ => (KavenegarFailureKind.Transient, "the answer was not readable"),
        };

        // A 2xx whose body cannot be read, or a 5xx or 408 from a gateway that may have timed out waiting for Kavenegar
        // after it took the call, may still mean the messages went out. Only a 4xx the gateway answered itself did not.
        var ambiguous = call.ChangesState && kind == KavenegarFailureKind.Transient;
        return new KavenegarException(
            kind,
            $"Kavenegar {call.Endpoint} answered HTTP {code} without its envelope: {reading}.",
            call.Endpoint,
            httpStatus: code,
            outcomeUnknown: ambiguous);
    }

    private KavenegarException Failed(KavenegarException failure)
    {
        LogFailure(failure);
        return failure;
    }

    private void LogFailure(KavenegarException failure)
    {
        if (failure.Kind == KavenegarFailureKind.Configuration)
        {
            LogConfigurationFailure(logger, failure.Endpoint ?? "", failure.Message);
        }
        else
        {
            LogCallFailed(logger, failure.Endpoint ?? "", failure.Kind, failure.Message);
        }
    }

    private Uri BaseAddress()
    {
        var address = options.BaseAddress.ToString();
        return address.EndsWith('/') ? options.BaseAddress : new Uri(address + "/");
    }

    private static IReadOnlyList<T> Exactly<T>(IReadOnlyList<T> entries, int expected) =>
        entries.Count == expected ? entries : throw new JsonException($"{entries.Count} entries for {expected} requested.");

    private static void RequireCount<T>(IReadOnlyList<T> items, int most, string parameter, string what)
    {
        ArgumentNullException.ThrowIfNull(items, parameter);
        if (items.Count == 0 || items.Count > most)
        {
            throw new ArgumentException($"Kavenegar takes 1 to {most} {what} per call; got {items.Count}. Split the list before calling.", parameter);
        }
    }

    private static void RequireText(string? value, string parameter, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"Kavenegar needs {what}; it was empty.", parameter);
        }
    }

    private static void RequireLocalIds(IReadOnlyList<long> localIds, int count, string parameter)
    {
        if (localIds.Count != count)
        {
            throw new ArgumentException($"Give one local id per message: {count} messages, {localIds.Count} local ids.", parameter);
        }

        if (localIds.Distinct().Count() != localIds.Count)
        {
            throw new ArgumentException("Local ids must be distinct: Kavenegar sends a local id only once.", parameter);
        }
    }

    private static void AddIfPresent(List<KeyValuePair<string, string>> fields, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            fields.Add(new(name, value));
        }
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kavenegar {Endpoint} answered return status {ReturnStatus} (HTTP {HttpStatus}) in {ElapsedMilliseconds} ms")]
    private static partial void LogAnswered(ILogger logger, string endpoint, int returnStatus, int httpStatus, long elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kavenegar {Endpoint} answered HTTP {HttpStatus} without its envelope in {ElapsedMilliseconds} ms")]
    private static partial void LogAnsweredWithoutEnvelope(ILogger logger, string endpoint, int httpStatus, long elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kavenegar {Endpoint} failed ({Kind}): {Reason}")]
    private static partial void LogCallFailed(ILogger logger, string endpoint, KavenegarFailureKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Kavenegar {Endpoint} cannot work until its configuration is fixed: {Reason}")]
    private static partial void LogConfigurationFailure(ILogger logger, string endpoint, string reason);

    /// <summary>One call's fixed parts, shared by its attempts.</summary>
    private sealed record Call(
        KavenegarClient Client,
        Uri Url,
        string Endpoint,
        string ApiKey,
        IReadOnlyList<KeyValuePair<string, string>> Fields,
        bool ChangesState)
    {
        // The URL and key stay out of any text made from this record.
        public override string ToString() => $"Call {{ Endpoint = {Endpoint} }}";
    }
}

/// <summary>
/// A message as Kavenegar reports it after <c>sms/send</c>, <c>sms/sendarray</c> or <c>verify/lookup</c>: its id (for status
/// look-ups and delivery reports), its status, when it was (or will be) sent and what it cost in Rials.
/// </summary>
/// <remarks><see cref="ToString"/> leaves out the receptor and the text, so a message that ends up in a log discloses neither.</remarks>
public sealed record KavenegarMessage(
    long MessageId,
    string Receptor,
    string? Sender,
    string? Text,
    int Status,
    string? StatusText,
    DateTimeOffset? Date,
    long? Cost)
{
    /// <summary>The project's reading of <see cref="Status"/>.</summary>
    public SmsDeliveryState State => KavenegarDeliveryStatuses.ToState(Status);

    /// <summary>Whether <see cref="Status"/> will never change again.</summary>
    public bool IsFinal => KavenegarDeliveryStatuses.IsFinal(Status);

    public override string ToString() => $"KavenegarMessage {{ MessageId = {MessageId}, Status = {Status}, State = {State} }}";
}

/// <summary>A message's delivery status from <c>sms/status</c>.</summary>
public sealed record KavenegarMessageStatus(long MessageId, int Status, string? StatusText)
{
    /// <summary>The project's reading of <see cref="Status"/>.</summary>
    public SmsDeliveryState State => KavenegarDeliveryStatuses.ToState(Status);

    /// <summary>Whether <see cref="Status"/> will never change again, so polling for it can stop.</summary>
    public bool IsFinal => KavenegarDeliveryStatuses.IsFinal(Status);
}

/// <summary>The account's remaining credit (Rials) and expiry, from <c>account/info</c>.</summary>
public sealed record KavenegarAccountInfo(long RemainingCredit, DateTimeOffset? ExpiresAt, string? AccountType);

/// <summary>
/// One message of a <c>sms/sendarray</c> call. <paramref name="Sender"/> falls back to <see cref="KavenegarOptions.Sender"/>.
/// <paramref name="LocalId"/> is the caller's own id for the message: Kavenegar sends a local id only once and answers a
/// repeat with the message it already has, so a retried call cannot send it twice.
/// </summary>
/// <remarks><see cref="ToString"/> leaves out the receptor and the text.</remarks>
public sealed record KavenegarOutgoingMessage(string Receptor, string Text, string? Sender = null, long? LocalId = null)
{
    public override string ToString() => $"KavenegarOutgoingMessage {{ LocalId = {LocalId} }}";
}

/// <summary>A message's status by the caller's local id, from <c>sms/statuslocalmessageid</c>; <see cref="MessageId"/> is 0 when Kavenegar does not know the local id.</summary>
public sealed record KavenegarLocalMessageStatus(long LocalId, long MessageId, int Status)
{
    /// <summary>Whether Kavenegar has a message for this local id: it was sent (or is on its way).</summary>
    public bool IsKnown => MessageId > 0 && Status != KavenegarDeliveryStatuses.UnknownMessage;
}

/// <summary>An SMS a citizen sent to one of the account's lines, from <c>sms/receive</c>.</summary>
/// <remarks><see cref="ToString"/> leaves out the sender and the text.</remarks>
public sealed record KavenegarInboundMessage(long MessageId, string Sender, string Receptor, string Text, DateTimeOffset? Date)
{
    public override string ToString() => $"KavenegarInboundMessage {{ MessageId = {MessageId} }}";
}

/// <summary>Kavenegar's answer: <c>{"return":{"status":..,"message":..},"entries":..}</c>, and readers for its entries.</summary>
internal sealed record KavenegarEnvelope(int Status, string? Message, JsonElement Entries)
{
    /// <summary>Reads an answer; false when the body is not Kavenegar's envelope (a gateway's error page, an empty body…).</summary>
    public static bool TryParse(string body, out KavenegarEnvelope envelope)
    {
        envelope = null!;
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("return", out var result)
                || result.ValueKind != JsonValueKind.Object
                || ReadLong(result, "status") is not { } status)
            {
                return false;
            }

            var entries = root.TryGetProperty("entries", out var found) ? found.Clone() : default;
            envelope = new KavenegarEnvelope((int)status, ReadString(result, "message"), entries);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public IReadOnlyList<KavenegarMessage> ReadMessages() =>
        EntryObjects().Select(entry => new KavenegarMessage(
            ReadLong(entry, "messageid") ?? 0,
            ReadString(entry, "receptor") ?? "",
            NullIfEmpty(ReadString(entry, "sender")),
            ReadString(entry, "message"),
            (int)(ReadLong(entry, "status") ?? 0),
            ReadString(entry, "statustext"),
            ReadUnixTime(entry, "date"),
            ReadLong(entry, "cost"))).ToList();

    public IReadOnlyList<KavenegarMessageStatus> ReadStatuses() =>
        EntryObjects().Select(entry => new KavenegarMessageStatus(
            ReadLong(entry, "messageid") ?? 0,
            (int)(ReadLong(entry, "status") ?? 0),
            ReadString(entry, "statustext"))).ToList();

    public IReadOnlyList<KavenegarLocalMessageStatus> ReadLocalStatuses() =>
        EntryObjects().Select(entry => new KavenegarLocalMessageStatus(
            ReadLong(entry, "localid") ?? 0,
            ReadLong(entry, "messageid") ?? 0,
            (int)(ReadLong(entry, "status") ?? 0))).ToList();

    // The official SDKs read sender (the citizen), receptor (the line), message, messageid and date.
    public IReadOnlyList<KavenegarInboundMessage> ReadInbound() =>
        EntryObjects().Select(entry => new KavenegarInboundMessage(
            ReadLong(entry, "messageid") ?? 0,
            ReadString(entry, "sender") ?? "",
            ReadString(entry, "receptor") ?? "",
            ReadString(entry, "message") ?? "",
            ReadUnixTime(entry, "date"))).ToList();

    public KavenegarAccountInfo ReadAccountInfo()
    {
        var entry = EntryObjects().FirstOrDefault();
        return entry.ValueKind == JsonValueKind.Object
            ? new KavenegarAccountInfo(ReadLong(entry, "remaincredit") ?? 0, ReadUnixTime(entry, "expiredate"), ReadString(entry, "type"))
            : throw new JsonException("no account entry.");
    }

    // Kavenegar gives a list for message methods and a single object for account/info.
    private IEnumerable<JsonElement> EntryObjects() => Entries.ValueKind switch
    {
        JsonValueKind.Array => Entries.EnumerateArray().Where(entry => entry.ValueKind == JsonValueKind.Object),
        JsonValueKind.Object => [Entries],
        _ => [],
    };

    private static long? ReadLong(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number
        : value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var fraction) ? (long)fraction
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    private static string? ReadString(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;

    private static DateTimeOffset? ReadUnixTime(JsonElement element, string name) =>
        ReadLong(element, name) is long seconds and > 0 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}

/// <summary>Where an SMS is on its way to the citizen, in the project's own terms (Kavenegar's status numbers map onto these).</summary>
public enum SmsDeliveryState
{
    /// <summary>Kavenegar does not know the message id (or used a status it does not document): nothing can be said.</summary>
    Unknown,

    /// <summary>Waiting at Kavenegar, now or until its scheduled date.</summary>
    Queued,

    /// <summary>Handed to the telecom operator; no delivery report yet.</summary>
    Sent,

    /// <summary>Delivered to the citizen's phone.</summary>
    Delivered,

    /// <summary>Not delivered and never will be: the line failed, the phone stayed off or out of reach, or it was cancelled.</summary>
    Failed,

    /// <summary>The citizen's number refuses SMS from such lines (opted out): callers mark the number opted out.</summary>
    Blocked,
}

/// <summary>One of Kavenegar's documented delivery statuses (<c>status</c> of a message) and its meaning.</summary>
public sealed record KavenegarDeliveryStatus(int Status, SmsDeliveryState State, bool IsFinal, string Meaning);

/// <summary>
/// Kavenegar's documented delivery statuses mapped onto <see cref="SmsDeliveryState"/>. Final statuses never change again, so
/// a poller stops asking about them: 6, 10, 13, 14 and 100. Statuses 1, 2, 4 and 5 are still on their way, and so may be 11:
/// with the account's "resend failed" setting on, Kavenegar sends an undelivered message again and may report it later as 10.
/// Some messages stay at 4 or 5 for good, and after 48 hours Kavenegar answers 100 for every id (its reference: sms/status
/// covers 48 hours), so a poller needs an age limit of its own.
/// </summary>
public static class KavenegarDeliveryStatuses
{
    /// <summary>Kavenegar does not know this message id: not this account's, or older than the 48 hours sms/status covers.</summary>
    public const int UnknownMessage = 100;

    /// <summary>How long after sending Kavenegar reports a message's status (sms/status).</summary>
    public static readonly TimeSpan StatusWindow = TimeSpan.FromHours(48);

    /// <summary>How long Kavenegar remembers a local id: it does not send one twice, and sms/statuslocalmessageid finds it.</summary>
    public static readonly TimeSpan LocalIdWindow = TimeSpan.FromHours(12);

    private static readonly FrozenDictionary<int, KavenegarDeliveryStatus> Table = new KavenegarDeliveryStatus[]
    {
        new(1, SmsDeliveryState.Queued, false, "in Kavenegar's send queue"),
        new(2, SmsDeliveryState.Queued, false, "scheduled for its send date"),
        new(4, SmsDeliveryState.Sent, false, "handed to the telecom operator"),
        new(5, SmsDeliveryState.Sent, false, "handed to the telecom operator"),
        new(6, SmsDeliveryState.Failed, true, "the sending line failed to send it"),
        new(10, SmsDeliveryState.Delivered, true, "delivered to the recipient"),
        new(11, SmsDeliveryState.Failed, false, "not delivered: the phone was off or out of reach (sent again when the account resends failed messages)"),
        new(13, SmsDeliveryState.Failed, true, "cancelled, or it could not be sent; its cost was refunded"),
        new(14, SmsDeliveryState.Blocked, true, "blocked: the recipient refuses advertising lines; its cost was refunded"),
        new(UnknownMessage, SmsDeliveryState.Unknown, true, "Kavenegar does not know this message id (not this account's, or past its status window)"),
    }.ToFrozenDictionary(status => status.Status);

    /// <summary>Every documented delivery status.</summary>
    public static IReadOnlyCollection<KavenegarDeliveryStatus> Documented => Table.Values;

    /// <summary>The state a status stands for; an undocumented status is <see cref="SmsDeliveryState.Unknown"/>.</summary>
    public static SmsDeliveryState ToState(int status) => Table.TryGetValue(status, out var known) ? known.State : SmsDeliveryState.Unknown;

    /// <summary>Whether the status will never change again; an undocumented status is not taken as final.</summary>
    public static bool IsFinal(int status) => Table.TryGetValue(status, out var known) && known.IsFinal;

    /// <summary>The documented meaning of a status, or null when it is not documented.</summary>
    public static string? Describe(int status) => Table.TryGetValue(status, out var known) ? known.Meaning : null;
}
