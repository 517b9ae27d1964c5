using System.Diagnostics;
using System.Text.Json;
using Feedback.Storage.Connection;
using Feedback.Storage.Notifications;

namespace Feedback.Cli.Load;

/// <summary>
/// Storage requests per message processed: Table, Queue (empty receives of an idle poller left out) and both. Tables
/// and Total include the writes to <c>DevOutbox</c>, Local mode's stand-in for the SMS provider's HTTPS send (no storage
/// request in Azure), shown apart as <see cref="DevOutbox"/> so that a reader can take them off, never dropped silently.
/// </summary>
public sealed record RequestsPerMessage(double Tables, double Queues, double Total, double DevOutbox = 0)
{
    /// <summary>What a message would cost with the SMS provider in place of the developer outbox.</summary>
    public double TotalWithoutDevOutbox => Math.Round(Total - DevOutbox, 2);

    /// <summary>The requests of <paramref name="spent"/> divided among <paramref name="messages"/>, to 0.01.</summary>
    public static RequestsPerMessage Of(StorageRequestCounts spent, int messages)
    {
        ArgumentNullException.ThrowIfNull(spent);
        ArgumentOutOfRangeException.ThrowIfLessThan(messages, 1);
        var queues = Working(spent.Queues);
        var outbox = spent.Tables.ByTable.GetValueOrDefault(TableOutboxGateway.OutboxTable);
        return new(Math.Round(spent.Tables.Total / (double)messages, 2), Math.Round(queues / (double)messages, 2), Math.Round((spent.Tables.Total + queues) / (double)messages, 2), Math.Round(outbox / (double)messages, 2));
    }

    /// <summary>The requests that moved messages or data: all but the receives that found the queue empty.</summary>
    public static long Working(StorageServiceRequests requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return requests.Total - requests.ByKind.GetValueOrDefault(StorageRequestCounts.EmptyReceive);
    }
}

/// <summary>The storage requests a running app (Local mode) has made, read from its /dev/requests.</summary>
public static class AppRequests
{
    public const string Path = "/dev/requests";

    /// <summary>The app's counts now; null when it does not serve them (not Local mode, or a build from before they existed).</summary>
    public static async Task<StorageRequestCounts?> ReadAsync(HttpClient http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync(new Uri(Path, UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
            return null;
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return Parse(body.RootElement);
    }

    public static StorageRequestCounts Parse(JsonElement counts) => new(Service(counts.GetProperty("tables")), Service(counts.GetProperty("queues")));

    /// <summary>
    /// Polls until the app's working requests (<see cref="RequestsPerMessage.Working"/>) have not moved for
    /// <paramref name="quiet"/>, or <paramref name="timeout"/> is up: what processing a load set off (acknowledgements
    /// sent after routing, markers cleared) is then counted too. A timer's run may still add a few.
    /// </summary>
    public static async Task<StorageRequestCounts?> ReadWhenQuietAsync(HttpClient http, TimeSpan quiet, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = await ReadAsync(http, cancellationToken);
        var unchangedSince = clock.Elapsed;
        while (last is not null && clock.Elapsed < timeout && clock.Elapsed - unchangedSince < quiet)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            var now = await ReadAsync(http, cancellationToken);
            if (now is null)
                return null;
            if (Working(now) != Working(last))
                unchangedSince = clock.Elapsed;
            last = now;
        }
        return last;
    }

    private static long Working(StorageRequestCounts counts) => counts.Tables.Total + RequestsPerMessage.Working(counts.Queues);

    private static StorageServiceRequests Service(JsonElement service) => new(Counts(service.GetProperty("byKind")))
    {
        // Builds before the count by table serve none.
        ByTable = service.TryGetProperty("byTable", out var byTable) ? Counts(byTable) : new Dictionary<string, long>(StringComparer.Ordinal),
        ByTableAndKind = service.TryGetProperty("byTableAndKind", out var byTableAndKind) ? Counts(byTableAndKind) : new Dictionary<string, long>(StringComparer.Ordinal),
        ByCaller = service.TryGetProperty("byCaller", out var byCaller) ? Counts(byCaller) : new Dictionary<string, long>(StringComparer.Ordinal),
    };

    private static Dictionary<string, long> Counts(JsonElement counts) =>
        counts.EnumerateObject().ToDictionary(count => count.Name, count => count.Value.GetInt64(), StringComparer.Ordinal);
}
