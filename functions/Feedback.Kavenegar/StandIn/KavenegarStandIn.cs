using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Kavenegar.StandIn;

/// <summary>
/// A local stand-in for Kavenegar's REST API, for tests and fault drills: a small ASP.NET Core app on a free loopback port
/// that answers <c>sms/send</c>, <c>sms/sendarray</c>, <c>sms/status</c>, <c>sms/statuslocalmessageid</c>, <c>sms/receive</c>,
/// <c>verify/lookup</c> and <c>account/info</c> the way Kavenegar does (its envelope, its return statuses, HTTP status equal
/// to the return status on failure), and calls the app back as Kavenegar does: inbound SMS forwarded, delivery reported.
/// </summary>
/// <remarks>
/// <para>
/// It checks the API key (a wrong one gets 403, Kavenegar's "API key not valid"), validates what Kavenegar validates
/// (receptors 411, sender lines 412, texts 413, list sizes 414, dates 417, array lengths 419, templates 424, tokens 431),
/// assigns message ids, records every accepted message (<see cref="Messages"/>) and every request (<see cref="Calls"/>),
/// charges <see cref="CostPerPart"/> per SMS part against <see cref="RemainingCredit"/> (418 when it is not enough), and
/// honours local ids as Kavenegar documents them: a local id it has seen is not sent again, and the call gets the message
/// it already has.
/// </para>
/// <para>
/// Faults on demand: <see cref="FailNext"/> (a Kavenegar return status), <see cref="FailNextWithHttpStatus"/> (a bare HTTP
/// failure, as from a gateway), <see cref="DelayNext"/> (slow answers, to trigger timeouts) and
/// <see cref="SetDeliveryStatus"/> (what <c>sms/status</c> reports). Receptors are Iranian mobiles in any of the forms
/// 09…, 9…, 989…, +989…, 00989…. It writes no logs, so its request paths (which hold the key) go nowhere.
/// </para>
/// </remarks>
public sealed partial class KavenegarStandIn : IAsyncDisposable
{
    /// <summary>The credit a new stand-in starts with, in Rials.</summary>
    public const long DefaultCredit = 10_000_000;

    /// <summary>The stand-in's price of one SMS part, in Rials (a round figure, not Kavenegar's tariff).</summary>
    public const long DefaultCostPerPart = 1_000;

    /// <summary>The longest text Kavenegar takes, in characters.</summary>
    public const int MaxTextLength = 900;

    /// <summary>The most inbound messages one <c>sms/receive</c> answers with (an assumption: the reference gives no figure the stand-in could check).</summary>
    public const int MaxReceivedPerCall = 100;

    private const long FirstMessageId = 100_000_001;
    private const long FirstInboundMessageId = 700_000_001;

    // Kavenegar's reference answers account/info with type "master" (a sub-account is "child").
    private const string AccountType = "master";

    // Kavenegar's reference on verify/lookup tokens: token, token2 and token3 take no spaces; token10 takes up to 5 and token20
    // up to 8; no token takes a new line. Breaking any of these is 431. Assumed, not checked against a live account: the
    // underscore counts among the "separators" 431 names, and no token is over 100 characters.
    private static readonly (string Name, int Spaces)[] Tokens = [("token", 0), ("token2", 0), ("token3", 0), ("token10", 5), ("token20", 8)];
    private const int MaxTokenLength = 100;
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly Lock gate = new();
    private readonly WebApplication app;
    private readonly List<StandInMessage> messages = [];
    private readonly Dictionary<long, int> messageIndexById = [];
    private readonly Dictionary<long, (long MessageId, DateTimeOffset At)> messageIdByLocalId = [];
    private readonly List<StandInInboundMessage> inbox = [];
    private readonly HttpClient callbacks = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly TimeProvider clock;
    private readonly List<StandInCall> calls = [];
    private readonly Queue<Answer> injectedFailures = new();
    private readonly Queue<TimeSpan> injectedDelays = new();
    private readonly Dictionary<string, string> templates = new(StringComparer.Ordinal);
    private long nextMessageId = FirstMessageId;
    private long nextInboundMessageId = FirstInboundMessageId;
    private long remainingCredit = DefaultCredit;
    private long costPerPart = DefaultCostPerPart;
    private DateTimeOffset accountExpiresAt;

    private KavenegarStandIn(WebApplication app, string apiKey, TimeProvider clock)
    {
        this.app = app;
        this.clock = clock;
        ApiKey = apiKey;
        accountExpiresAt = clock.GetUtcNow().AddYears(1);
    }

    /// <summary>The API key the stand-in accepts.</summary>
    public string ApiKey { get; }

    /// <summary>Where it listens, ending in a slash: use it as <see cref="KavenegarOptions.BaseAddress"/>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The account's credit in Rials; every accepted SMS part costs <see cref="CostPerPart"/>.</summary>
    public long RemainingCredit
    {
        get { lock (gate) { return remainingCredit; } }
        set { lock (gate) { remainingCredit = value; } }
    }

    /// <summary>What one SMS part costs, in Rials.</summary>
    public long CostPerPart
    {
        get { lock (gate) { return costPerPart; } }
        set { lock (gate) { costPerPart = value; } }
    }

    /// <summary>When the account expires, as <c>account/info</c> reports it.</summary>
    public DateTimeOffset AccountExpiresAt
    {
        get { lock (gate) { return accountExpiresAt; } }
        set { lock (gate) { accountExpiresAt = value; } }
    }

    /// <summary>Every message accepted so far, in order, with its current delivery status.</summary>
    public IReadOnlyList<StandInMessage> Messages
    {
        get { lock (gate) { return [.. messages]; } }
    }

    /// <summary>
    /// Where Kavenegar forwards each inbound SMS (the app's <c>/api/sms/inbound/{secret}</c>): a GET with messageid, from, to
    /// and message. A forward answered with anything but 2xx within <see cref="CallbackTimeout"/> failed, and the message
    /// stays unread for <c>sms/receive</c>; one that succeeded is read. Null: nothing is forwarded, every message stays unread.
    /// </summary>
    public Uri? InboundForwardUrl { get; set; }

    /// <summary>Where Kavenegar reports delivery (the app's <c>/api/sms/delivery/{secret}</c>): a GET with messageid and status, on each <see cref="SetDeliveryStatus"/>.</summary>
    public Uri? DeliveryCallbackUrl { get; set; }

    /// <summary>How long a forward or delivery callback may take before the stand-in counts it as failed.</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every inbound SMS so far, in order, and whether it is read (forwarded, or fetched with <c>sms/receive</c>).</summary>
    public IReadOnlyList<StandInInboundMessage> Inbox
    {
        get { lock (gate) { return [.. inbox]; } }
    }

    /// <summary>Every request received so far, in order, with what it was answered.</summary>
    public IReadOnlyList<StandInCall> Calls
    {
        get { lock (gate) { return [.. calls]; } }
    }

    /// <summary>Starts a stand-in on 127.0.0.1 on a free port, accepting <paramref name="apiKey"/>.</summary>
    public static Task<KavenegarStandIn> StartAsync(string apiKey, CancellationToken cancellationToken = default) =>
        StartAsync(apiKey, null, cancellationToken);

    /// <summary>Starts a stand-in on 127.0.0.1 on a free port, accepting <paramref name="apiKey"/>.</summary>
    /// <param name="clock">Kavenegar's time (message dates, the 48-hour status window, the 12-hour memory of local ids); the system clock when null.</param>
    public static async Task<KavenegarStandIn> StartAsync(string apiKey, TimeProvider? clock, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new KavenegarStandIn(app, apiKey, clock ?? TimeProvider.System);
        app.Run(standIn.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        standIn.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return standIn;
    }

    /// <summary>Makes Kavenegar's <c>verify/lookup</c> know a template; <c>%token</c>, <c>%token2</c> and <c>%token3</c> in its text are filled in.</summary>
    public void AddVerifyTemplate(string name, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        lock (gate)
        {
            templates[name] = text;
        }
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> calls that carry the right key with Kavenegar's envelope and
    /// <paramref name="returnStatus"/> (also as the HTTP status), without doing anything.
    /// </summary>
    public void FailNext(int count, int returnStatus)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (returnStatus == KavenegarReturnCodes.Success)
        {
            throw new ArgumentOutOfRangeException(nameof(returnStatus), returnStatus, "200 is Kavenegar's success, not a failure.");
        }

        Enqueue(injectedFailures, count, Failure(returnStatus));
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> calls that carry the right key with a bare <paramref name="status"/> and
    /// a body that is not Kavenegar's envelope, as a gateway in front of it would.
    /// </summary>
    public void FailNextWithHttpStatus(int count, HttpStatusCode status)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Enqueue(injectedFailures, count, new Answer((int)status, $"{(int)status} {status}", "text/plain; charset=utf-8", null));
    }

    /// <summary>
    /// Holds the answers to the next <paramref name="count"/> calls for <paramref name="delay"/>. The call is processed
    /// first, so a send is accepted and only its answer is late: the worst case for a client that times out.
    /// </summary>
    public void DelayNext(int count, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Enqueue(injectedDelays, count, delay);
    }

    /// <summary>
    /// Sets what <c>sms/status</c> reports for a message (any number, documented or not, for drills) and, with a
    /// <see cref="DeliveryCallbackUrl"/>, reports it there as Kavenegar does.
    /// </summary>
    /// <returns>Whether the callback was answered 2xx; false too when there is no callback address.</returns>
    /// <exception cref="ArgumentException">The stand-in never accepted a message with that id.</exception>
    public async Task<bool> SetDeliveryStatusAsync(long messageId, int status, CancellationToken cancellationToken = default)
    {
        SetDeliveryStatus(messageId, status);
        return DeliveryCallbackUrl is { } callback
            && await CallBackAsync(callback, [new("messageid", Invariant(messageId)), new("status", Invariant(status))], cancellationToken);
    }

    /// <summary>Sets what <c>sms/status</c> reports for a message, without calling back.</summary>
    /// <exception cref="ArgumentException">The stand-in never accepted a message with that id.</exception>
    public void SetDeliveryStatus(long messageId, int status)
    {
        lock (gate)
        {
            if (!messageIndexById.TryGetValue(messageId, out var index))
            {
                throw new ArgumentException($"The stand-in has no message {messageId}.", nameof(messageId));
            }

            messages[index] = messages[index] with { Status = status };
        }
    }

    /// <summary>
    /// A citizen's SMS reaches the account's line <paramref name="line"/>: it gets a message id, lands in the
    /// <see cref="Inbox"/> unread, and is forwarded to <see cref="InboundForwardUrl"/>. A forward that fails (no answer,
    /// not 2xx) leaves it unread, as Kavenegar's reference says: it is not forwarded again, only <c>sms/receive</c> finds it.
    /// </summary>
    /// <returns>The message as it now stands (read when the forward succeeded).</returns>
    public async Task<StandInInboundMessage> ReceiveSmsAsync(string from, string line, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(line);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        StandInInboundMessage received;
        lock (gate)
        {
            received = new StandInInboundMessage(nextInboundMessageId++, from, line, text, clock.GetUtcNow(), IsRead: false, Forwarded: false);
            inbox.Add(received);
        }

        if (InboundForwardUrl is not { } forward
            || !await CallBackAsync(forward, [new("messageid", Invariant(received.MessageId)), new("from", from), new("to", line), new("message", text)], cancellationToken))
        {
            return received;
        }

        lock (gate)
        {
            var index = inbox.FindIndex(message => message.MessageId == received.MessageId);
            // Fetched with sms/receive while the forward was under way: read already.
            return inbox[index] = inbox[index] with { IsRead = true, Forwarded = true };
        }
    }

    /// <summary>Stops listening; answers still being held are dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        callbacks.Dispose();
    }

    // Kavenegar calls back with GET and the fields in the query (its PHP examples read $_REQUEST).
    private async Task<bool> CallBackAsync(Uri address, IReadOnlyList<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        var query = string.Join('&', fields.Select(field => $"{Uri.EscapeDataString(field.Key)}={Uri.EscapeDataString(field.Value)}"));
        var separator = string.IsNullOrEmpty(address.Query) ? "?" : "&";
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(CallbackTimeout);
        try
        {
            using var answer = await callbacks.GetAsync(new Uri(address.AbsoluteUri + separator + query), patience.Token);
            return answer.IsSuccessStatusCode;
        }
        catch (Exception failed) when (failed is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Enqueue<T>(Queue<T> queue, int count, T item)
    {
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(item);
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var fields = await ReadFieldsAsync(context.Request, context.RequestAborted);
        var (endpoint, key) = ReadPath(context.Request.Path);
        Answer answer;
        TimeSpan delay;
        lock (gate)
        {
            var keyAccepted = key is not null && string.Equals(key, ApiKey, StringComparison.Ordinal);
            answer = endpoint is null ? Failure(404)
                : !keyAccepted ? Failure(KavenegarReturnCodes.InvalidApiKey)
                : injectedFailures.TryDequeue(out var injected) ? injected
                : Process(endpoint, fields);
            calls.Add(new StandInCall(endpoint ?? context.Request.Path.ToString(), keyAccepted, fields, answer.HttpStatus, answer.ReturnStatus));
            delay = injectedDelays.TryDequeue(out var late) ? late : TimeSpan.Zero;
        }

        if (delay > TimeSpan.Zero)
        {
            using var held = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app.Lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(delay, held.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.HttpStatus;
        context.Response.ContentType = answer.ContentType;
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadFieldsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Query)
        {
            fields[name] = values.ToString();
        }

        if (request.HasFormContentType)
        {
            foreach (var (name, values) in await request.ReadFormAsync(cancellationToken))
            {
                fields[name] = values.ToString();
            }
        }

        return fields;
    }

    // "/v1/{key}/{section}/{method}.json" → ("section/method", key); anything else is an unknown method.
    private static (string? Endpoint, string? Key) ReadPath(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is ["v1", var key, var section, var method] && method.EndsWith(".json", StringComparison.Ordinal)
            ? ($"{section}/{method[..^".json".Length]}", key)
            : (null, null);
    }

    private Answer Process(string endpoint, IReadOnlyDictionary<string, string> fields) => endpoint switch
    {
        "sms/send" => Send(fields),
        "sms/sendarray" => SendArray(fields),
        "sms/status" => Status(fields),
        "sms/statuslocalmessageid" => StatusByLocalId(fields),
        "sms/receive" => Receive(fields),
        "verify/lookup" => Lookup(fields),
        "account/info" => Success(new { remaincredit = remainingCredit, expiredate = accountExpiresAt.ToUnixTimeSeconds(), type = AccountType }),
        _ => Failure(404),
    };

    private Answer Send(IReadOnlyDictionary<string, string> fields)
    {
        if (!fields.TryGetValue("receptor", out var receptorField) || !fields.TryGetValue("message", out var text))
        {
            return Failure(400);
        }

        var receptors = receptorField.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (receptors.Length == 0)
        {
            return Failure(406);
        }

        long[]? localIds = null;
        if (fields.TryGetValue("localid", out var localIdField) && !string.IsNullOrWhiteSpace(localIdField)
            && (!TryReadIds(localIdField, out localIds) || localIds.Length != receptors.Length))
        {
            return Failure(400);
        }

        var sender = fields.GetValueOrDefault("sender");
        return TryReadDate(fields, out var scheduledAt) is { } badDate ? badDate
            : Accept(
                receptors.Select((receptor, i) => new Outgoing("sms/send", receptor, text, NullIfEmpty(sender), localIds?[i], null)).ToList(),
                scheduledAt);
    }

    private Answer SendArray(IReadOnlyDictionary<string, string> fields)
    {
        if (!TryReadArray(fields.GetValueOrDefault("receptor"), out var receptors)
            || !TryReadArray(fields.GetValueOrDefault("sender"), out var senders)
            || !TryReadArray(fields.GetValueOrDefault("message"), out var texts))
        {
            return Failure(400);
        }

        long[]? localIds = null;
        if (fields.TryGetValue("localmessageids", out var localIdField) && !string.IsNullOrWhiteSpace(localIdField)
            && !TryReadIds(localIdField, out localIds))
        {
            return Failure(400);
        }

        if (receptors.Length != senders.Length || receptors.Length != texts.Length || (localIds is not null && localIds.Length != receptors.Length))
        {
            return Failure(419);
        }

        return TryReadDate(fields, out var scheduledAt) is { } badDate ? badDate
            : Accept(
                receptors.Select((receptor, i) => new Outgoing("sms/sendarray", receptor, texts[i], senders[i], localIds?[i], null)).ToList(),
                scheduledAt);
    }

    private Answer Status(IReadOnlyDictionary<string, string> fields)
    {
        if (!fields.TryGetValue("messageid", out var idField) || string.IsNullOrWhiteSpace(idField))
        {
            return Failure(406);
        }

        if (!TryReadIds(idField, out var ids))
        {
            return Failure(400);
        }

        if (ids.Length > KavenegarClient.MaxIdsPerStatusCall)
        {
            return Failure(414);
        }

        return Success(ids.Select(id =>
        {
            var status = messageIndexById.TryGetValue(id, out var index) && InStatusWindow(messages[index]) ? messages[index].Status : KavenegarDeliveryStatuses.UnknownMessage;
            return new { messageid = id, status, statustext = KavenegarDeliveryStatuses.Describe(status) };
        }).ToList());
    }

    private bool InStatusWindow(StandInMessage message) => clock.GetUtcNow() - message.AcceptedAt < KavenegarDeliveryStatuses.StatusWindow;

    private Answer StatusByLocalId(IReadOnlyDictionary<string, string> fields)
    {
        if (!fields.TryGetValue("localid", out var idField) || string.IsNullOrWhiteSpace(idField))
        {
            return Failure(406);
        }

        if (!TryReadIds(idField, out var localIds))
        {
            return Failure(400);
        }

        if (localIds.Length > KavenegarClient.MaxIdsPerStatusCall)
        {
            return Failure(414);
        }

        return Success(localIds.Select(localId =>
        {
            var known = RememberedMessage(localId) is { } messageId ? messages[messageIndexById[messageId]] : null;
            var status = known?.Status ?? KavenegarDeliveryStatuses.UnknownMessage;
            return new { messageid = known?.MessageId ?? 0, localid = Invariant(localId), status, statustext = KavenegarDeliveryStatuses.Describe(status) };
        }).ToList());
    }

    // isread=0 answers the line's unread messages, oldest first, and marks them read; isread=1 answers read ones.
    private Answer Receive(IReadOnlyDictionary<string, string> fields)
    {
        if (!fields.TryGetValue("linenumber", out var line) || string.IsNullOrWhiteSpace(line))
        {
            return Failure(406);
        }

        var read = fields.GetValueOrDefault("isread") switch
        {
            null or "" or "0" => false,
            "1" => true,
            _ => (bool?)null,
        };
        if (read is null)
        {
            return Failure(400);
        }

        var answered = new List<object>();
        for (var i = 0; i < inbox.Count && answered.Count < MaxReceivedPerCall; i++)
        {
            var message = inbox[i];
            if (message.Line != line || message.IsRead != read)
            {
                continue;
            }

            inbox[i] = message with { IsRead = true };
            answered.Add(new { messageid = message.MessageId, message = message.Text, sender = message.From, receptor = message.Line, date = message.ReceivedAt.ToUnixTimeSeconds() });
        }

        return Success(answered);
    }

    // Kavenegar keeps a local id for 12 hours: after that it neither finds it nor refuses to send it again.
    private long? RememberedMessage(long localId) =>
        messageIdByLocalId.TryGetValue(localId, out var seen) && clock.GetUtcNow() - seen.At < KavenegarDeliveryStatuses.LocalIdWindow ? seen.MessageId : null;

    private Answer Lookup(IReadOnlyDictionary<string, string> fields)
    {
        var receptor = fields.GetValueOrDefault("receptor");
        var template = fields.GetValueOrDefault("template");
        var tokens = Tokens
            .Select(token => (token.Name, token.Spaces, Value: fields.GetValueOrDefault(token.Name)))
            .Where(token => !string.IsNullOrEmpty(token.Value))
            .ToList();
        if (string.IsNullOrWhiteSpace(receptor) || string.IsNullOrWhiteSpace(template) || tokens.All(token => token.Name != "token"))
        {
            return Failure(406);
        }

        if (!templates.TryGetValue(template, out var text))
        {
            return Failure(424);
        }

        if (tokens.Any(token => !TokenIsValid(token.Value!, token.Spaces)))
        {
            return Failure(431);
        }

        // Longest placeholder first: %token is a prefix of %token2, %token10…
        foreach (var (name, _, value) in tokens.OrderByDescending(token => token.Name.Length))
        {
            text = text.Replace($"%{name}", value, StringComparison.Ordinal);
        }

        return Accept([new Outgoing("verify/lookup", receptor, text, null, null, template)], scheduledAt: null);
    }

    private static bool TokenIsValid(string token, int spacesAllowed) =>
        token.Length <= MaxTokenLength
        && !token.Contains('_', StringComparison.Ordinal)
        && token.Count(character => character == ' ') <= spacesAllowed
        && !token.Any(character => char.IsWhiteSpace(character) && character != ' ');

    private Answer Accept(IReadOnlyList<Outgoing> outgoing, DateTimeOffset? scheduledAt)
    {
        if (outgoing.Count > KavenegarClient.MaxMessagesPerCall)
        {
            return Failure(414);
        }

        foreach (var message in outgoing)
        {
            var invalid = !IranianMobile().IsMatch(message.Receptor) ? 411
                : message.Sender is { } sender && !SenderLine().IsMatch(sender) ? 412
                : string.IsNullOrWhiteSpace(message.Text) || message.Text.Length > MaxTextLength ? 413
                : 0;
            if (invalid != 0)
            {
                return Failure(invalid);
            }
        }

        // A local id seen before (now or earlier in this call) is not sent again: its message is answered as it stands.
        var seen = new HashSet<long>();
        var fresh = outgoing.Where(message => message.LocalId is not { } id || (RememberedMessage(id) is null && seen.Add(id))).ToList();
        var cost = fresh.Sum(message => SmsParts.Count(message.Text) * costPerPart);
        if (cost > remainingCredit)
        {
            return Failure(KavenegarReturnCodes.InsufficientCredit);
        }

        remainingCredit -= cost;
        var now = clock.GetUtcNow();
        var scheduled = scheduledAt > now ? scheduledAt : null;
        var entries = new List<object>();
        foreach (var message in outgoing)
        {
            if (message.LocalId is { } localId && RememberedMessage(localId) is { } existingId)
            {
                entries.Add(Entry(messages[messageIndexById[existingId]]));
                continue;
            }

            var parts = SmsParts.Count(message.Text);
            var accepted = new StandInMessage(
                nextMessageId++, message.Endpoint, message.Receptor, message.Text, message.Sender, message.LocalId, message.Template,
                now, scheduled, parts, parts * costPerPart, scheduled is null ? 1 : 2);
            messageIndexById[accepted.MessageId] = messages.Count;
            messages.Add(accepted);
            if (message.LocalId is { } newLocalId)
            {
                messageIdByLocalId[newLocalId] = (accepted.MessageId, now);
            }

            entries.Add(Entry(accepted));
        }

        return Success(entries);
    }

    private static object Entry(StandInMessage message) => new
    {
        messageid = message.MessageId,
        message = message.Text,
        status = message.Status,
        statustext = KavenegarDeliveryStatuses.Describe(message.Status),
        sender = message.Sender,
        receptor = message.Receptor,
        date = (message.ScheduledAt ?? message.AcceptedAt).ToUnixTimeSeconds(),
        cost = message.Cost,
    };

    // A date before the current second is 417, as Kavenegar answers a send date in the past.
    private Answer? TryReadDate(IReadOnlyDictionary<string, string> fields, out DateTimeOffset? scheduledAt)
    {
        scheduledAt = null;
        if (!fields.TryGetValue("date", out var date) || string.IsNullOrWhiteSpace(date) || date == "0")
        {
            return null;
        }

        if (!long.TryParse(date, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || seconds < clock.GetUtcNow().ToUnixTimeSeconds())
        {
            return Failure(417);
        }

        scheduledAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return null;
    }

    // Kavenegar's arrays are JSON arrays in a form field; elements may be strings or numbers.
    private static bool TryReadArray(string? field, out string[] values)
    {
        values = [];
        if (string.IsNullOrWhiteSpace(field))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(field);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            values = document.RootElement.EnumerateArray()
                .Select(element => element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : element.GetRawText())
                .ToArray();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Ids come comma-separated, or (for sendarray's local ids) as a JSON array.
    private static bool TryReadIds(string field, out long[] ids)
    {
        var items = TryReadArray(field, out var array) ? array : field.Split(',', StringSplitOptions.TrimEntries);
        ids = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!long.TryParse(items[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ids[i]))
            {
                return false;
            }
        }

        return ids.Length > 0;
    }

    private static Answer Success(object entries) => new(
        (int)HttpStatusCode.OK,
        JsonSerializer.Serialize(new { @return = new { status = KavenegarReturnCodes.Success, message = "accepted" }, entries }, Json),
        "application/json; charset=utf-8",
        KavenegarReturnCodes.Success);

    private static Answer Failure(int returnStatus) => new(
        returnStatus,
        JsonSerializer.Serialize(
            new { @return = new { status = returnStatus, message = KavenegarReturnCodes.Describe(returnStatus) ?? "failed" }, entries = (object?)null },
            Json),
        "application/json; charset=utf-8",
        returnStatus);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    [GeneratedRegex(@"^(?:\+98|0098|98|0)?9\d{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex IranianMobile();

    [GeneratedRegex(@"^\+?\d{3,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex SenderLine();

    private sealed record Answer(int HttpStatus, string Body, string ContentType, int? ReturnStatus);

    private sealed record Outgoing(string Endpoint, string Receptor, string Text, string? Sender, long? LocalId, string? Template);
}
