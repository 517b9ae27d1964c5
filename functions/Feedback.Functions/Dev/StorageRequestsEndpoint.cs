using Feedback.Functions.Http;
using Feedback.Storage.Connection;

namespace Feedback.Functions.Dev;

/// <summary>
/// /dev/requests: the Table and Queue requests this process has made since it started, by kind (the Table ones by table too), and by what they addressed and the step they were made for, for `feedback loadtest`
/// and `feedback report` to work out what a message costs. Mapped only in Local mode.
/// </summary>
internal static class StorageRequestsEndpoint
{
    public const string Path = "/dev/requests";

    public static void MapStorageRequests(this IEndpointRouteBuilder endpoints) => endpoints.MapGet(Path, (StorageRequestCounter counter, HttpResponse response) =>
    {
        response.Headers.CacheControl = "no-store";
        var counts = counter.Snapshot();
        return Results.Ok(new
        {
            tables = new { total = counts.Tables.Total, byKind = counts.Tables.ByKind, byTable = counts.Tables.ByTable, byTableAndKind = counts.Tables.ByTableAndKind, byCaller = counts.Tables.ByCaller },
            queues = new { total = counts.Queues.Total, byKind = counts.Queues.ByKind, byCaller = counts.Queues.ByCaller },
            total = counts.Total,
        });
    }).WithMetadata(new HostFunction("Pages"));
}
