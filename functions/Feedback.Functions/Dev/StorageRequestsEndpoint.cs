using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Storage.Connection;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Dev;

/// <summary>
/// /dev/requests: the Table and Queue requests this process has made since it started, by kind, for `feedback loadtest`
/// and `feedback report` to work out what a message costs. Outside Local mode it does not exist.
/// </summary>
internal static class StorageRequestsEndpoint
{
    public const string Path = "/dev/requests";

    public static void MapStorageRequests(this IEndpointRouteBuilder endpoints) => endpoints.MapGet(Path, (IOptions<PipelineSettings> settings, StorageRequestCounter counter, HttpResponse response) =>
    {
        if (settings.Value.Mode != HostingMode.Local)
            return Problems.Status(StatusCodes.Status404NotFound, "Not found", "the storage request counts are served only in Local mode");
        response.Headers.CacheControl = "no-store";
        var counts = counter.Snapshot();
        return Results.Ok(new
        {
            tables = new { total = counts.Tables.Total, byKind = counts.Tables.ByKind },
            queues = new { total = counts.Queues.Total, byKind = counts.Queues.ByKind },
            total = counts.Total,
        });
    }).WithMetadata(new HostFunction("Pages"));
}
