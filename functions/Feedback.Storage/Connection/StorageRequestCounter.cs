using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Feedback.Storage.Connection;

/// <summary>
/// The requests a process made of one storage service, by kind (e.g. "insert", "batch", "receive"), and for the Table
/// service by table too (<see cref="StorageRequestCounter.TableName"/>).
/// </summary>
public sealed record StorageServiceRequests(IReadOnlyDictionary<string, long> ByKind)
{
    public IReadOnlyDictionary<string, long> ByTable { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>
    /// The Table requests by table and kind, and by the status when the service refused one (e.g. "FeedbackItems
    /// insert 409"): which requests a table's rows cost, and which of them failed over to another path.
    /// </summary>
    public IReadOnlyDictionary<string, long> ByTableAndKind { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>
    /// The requests by what they addressed, their kind (and refused status), and the step they were made for
    /// (<see cref="StorageCaller"/>), e.g. "FeedbackItems point-read @ProcessFeedback by code", "FeedbackItems(shard) batch
    /// @intake", "feedback-intake send @intake": a transaction under its table and kind of partition, a queue request
    /// under its queue, "@-" when no step was named.
    /// </summary>
    public IReadOnlyDictionary<string, long> ByCaller { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    public long Total => ByKind.Values.Sum();
}

/// <summary>
/// What a process has spent on storage since it started: every HTTP request its Table and Queue clients sent, retries
/// included. A receive that found the queue empty is counted apart as "receive-empty": an idle poller makes those
/// whether or not messages flow, so a figure per message leaves them out.
/// </summary>
public sealed record StorageRequestCounts(StorageServiceRequests Tables, StorageServiceRequests Queues)
{
    public const string EmptyReceive = "receive-empty";

    public long Total => Tables.Total + Queues.Total;

    /// <summary>The requests of this snapshot that were not in <paramref name="earlier"/>.</summary>
    public StorageRequestCounts Since(StorageRequestCounts earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new(Minus(Tables, earlier.Tables), Minus(Queues, earlier.Queues));
    }

    private static StorageServiceRequests Minus(StorageServiceRequests now, StorageServiceRequests before) => new(Minus(now.ByKind, before.ByKind))
    {
        ByTable = Minus(now.ByTable, before.ByTable),
        ByTableAndKind = Minus(now.ByTableAndKind, before.ByTableAndKind),
        ByCaller = Minus(now.ByCaller, before.ByCaller),
    };

    private static Dictionary<string, long> Minus(IReadOnlyDictionary<string, long> now, IReadOnlyDictionary<string, long> before) =>
        now.ToDictionary(count => count.Key, count => count.Value - before.GetValueOrDefault(count.Key), StringComparer.Ordinal);
}

/// <summary>
/// Counts the requests of the Table and Queue clients whose options got <see cref="TablePolicy"/> or
/// <see cref="QueuePolicy"/> (<c>options.AddPolicy(policy, HttpPipelinePosition.PerRetry)</c>): per retry, so each
/// attempt the service sees is counted once. The kind is read from the request's method and address alone, as the
/// services' REST APIs define them (Table service: entity group transactions go to <c>/$batch</c>; Queue service:
/// messages under <c>/{queue}/messages</c>).
/// </summary>
public sealed class StorageRequestCounter
{
    private readonly ConcurrentDictionary<string, long> tables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> tablesByTable = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> tablesByTableAndKind = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> tablesByCaller = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> queuesByCaller = new(StringComparer.Ordinal);

    public StorageRequestCounter()
    {
        TablePolicy = new CountingPolicy(message =>
        {
            var address = message.Request.Uri.ToUri();
            var kind = TableKind(message.Request.Method, address);
            var table = TableName(address);
            var tableAndKind = message.HasResponse && message.Response.Status >= 400 ? $"{table} {kind} {message.Response.Status}" : $"{table} {kind}";
            Add(tables, kind);
            Add(tablesByTable, table);
            Add(tablesByTableAndKind, tableAndKind);
            Add(tablesByCaller, $"{(kind == "batch" && StorageCaller.Transaction is { } transaction ? $"{transaction} {tableAndKind[(table.Length + 1)..]}" : tableAndKind)} @{StorageCaller.Step ?? "-"}");
        });
        QueuePolicy = new CountingPolicy(message => CountQueue(message, QueueKind(message.Request.Method, message.Request.Uri.ToUri())), countEmptyReceives: (message, kind) => CountQueue(message, kind));
    }

    public HttpPipelinePolicy TablePolicy { get; }

    public HttpPipelinePolicy QueuePolicy { get; }

    public StorageRequestCounts Snapshot() => new(
        new(Copy(tables)) { ByTable = Copy(tablesByTable), ByTableAndKind = Copy(tablesByTableAndKind), ByCaller = Copy(tablesByCaller) },
        new(Copy(queues)) { ByCaller = Copy(queuesByCaller) });

    /// <summary>The queue a Queue request addresses: the segment before "messages" (after the account's, in the emulator's path-style address); "-" for a service-level request.</summary>
    public static string QueueName(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var segments = address.AbsolutePath.Trim('/').Split('/');
        var messagesAt = Array.IndexOf(segments, "messages");
        return messagesAt > 0 ? segments[messagesAt - 1] : segments[^1].Length > 0 ? segments[^1] : "-";
    }

    private void CountQueue(HttpMessage message, string kind)
    {
        Add(queues, kind);
        Add(queuesByCaller, $"{QueueName(message.Request.Uri.ToUri())} {kind} @{StorageCaller.Step ?? "-"}");
    }

    /// <summary>
    /// The table a Table request addresses, from its address alone: "$batch" for an entity group transaction (its table
    /// is in its body) and "Tables" for a table-level operation.
    /// </summary>
    public static string TableName(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var last = Uri.UnescapeDataString(address.AbsolutePath.TrimEnd('/').Split('/')[^1]);
        return last.StartsWith("Tables", StringComparison.Ordinal) ? "Tables" : last.Split('(')[0];
    }

    /// <summary>The Table service operation a request is: insert, upsert, merge, delete, point-read, query, batch, or table-level.</summary>
    public static string TableKind(RequestMethod method, Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var last = address.AbsolutePath.TrimEnd('/').Split('/')[^1];
        if (last == "$batch")
            return "batch";
        if (last.StartsWith("Tables", StringComparison.Ordinal))
            return "table";
        var entity = last.Contains("PartitionKey=", StringComparison.Ordinal) || Uri.UnescapeDataString(last).Contains("PartitionKey=", StringComparison.Ordinal);
        return method.Method switch
        {
            "GET" => entity ? "point-read" : "query",
            "POST" => "insert",
            "PUT" => "upsert",
            "MERGE" or "PATCH" => "merge",
            "DELETE" => "delete",
            _ => method.Method.ToLowerInvariant(),
        };
    }

    /// <summary>The Queue service operation a request is: send, receive, peek, delete, update, or queue-level.</summary>
    public static string QueueKind(RequestMethod method, Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var segments = address.AbsolutePath.Trim('/').Split('/');
        var messagesAt = Array.IndexOf(segments, "messages");
        if (messagesAt < 0)
            return "queue";
        var oneMessage = messagesAt < segments.Length - 1;
        return method.Method switch
        {
            "POST" => "send",
            "GET" when address.Query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) => "peek",
            "GET" => "receive",
            "DELETE" => oneMessage ? "delete" : "clear",
            "PUT" => "update",
            _ => method.Method.ToLowerInvariant(),
        };
    }

    private static void Add(ConcurrentDictionary<string, long> counts, string kind) => counts.AddOrUpdate(kind, 1, (_, count) => count + 1);

    private static Dictionary<string, long> Copy(ConcurrentDictionary<string, long> counts) => counts.ToDictionary(StringComparer.Ordinal);

    private sealed class CountingPolicy(Action<HttpMessage> count, Action<HttpMessage, string>? countEmptyReceives = null) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                ProcessNext(message, pipeline);
            }
            finally
            {
                Count(message);
            }
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                await ProcessNextAsync(message, pipeline);
            }
            finally
            {
                Count(message);
            }
        }

        private void Count(HttpMessage message)
        {
            if (countEmptyReceives is not null && message.HasResponse && IsEmptyReceive(message))
                countEmptyReceives(message, StorageRequestCounts.EmptyReceive);
            else
                count(message);
        }

        /// <summary>Get Messages answered 200 with a list holding no QueueMessage element.</summary>
        private static bool IsEmptyReceive(HttpMessage message) =>
            message.Request.Method == RequestMethod.Get
            && message.Response.Status == 200
            && QueueKind(message.Request.Method, message.Request.Uri.ToUri()) == "receive"
            && message.Response.Content is { } content
            && !content.ToString().Contains("<QueueMessage>", StringComparison.Ordinal);
    }
}
