using Azure.Data.Tables;
using Feedback.Functions.Configuration;
using Feedback.Storage.Clients;
using Feedback.Storage.Items;
using Feedback.Storage.Notifications;
using Feedback.Storage.Routing;
using Feedback.Storage.Surveys;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Operations;

/// <summary>
/// Creates the tables the app uses (Local mode; in Azure the deployment creates them), retrying in the
/// background while storage is down: the app still starts, and answers 503 until storage is back.
/// </summary>
internal sealed partial class StorageSetup(IOptions<PipelineSettings> settings, TableServiceClient tables, TableFeedbackStore store, TableApiKeyStore keys, TableRoutingStore routing, ILogger<StorageSetup> logger) : BackgroundService
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Done once the tables exist (at once in Azure, where the deployment makes them): the local runner waits for it.</summary>
    public Task Ready => ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Value.Mode != HostingMode.Local)
        {
            ready.TrySetResult();
            return;
        }
        var done = await StorageRetry.UntilDoneAsync(async token =>
        {
            await store.EnsureTablesAsync(token);
            await keys.EnsureTableAsync(token);
            await routing.EnsureTableAsync(token);
            foreach (var table in TableSmsStore.Tables.Append(TableOutboxGateway.OutboxTable).Append(TableSurveyStore.SurveysTable))
                await tables.CreateTableIfNotExistsAsync(table, token);
        }, (attempt, reason) => LogStorageDown(logger, attempt, reason), stoppingToken);
        if (done)
            ready.TrySetResult();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is not reachable yet (attempt {Attempt}): {Reason}")]
    private static partial void LogStorageDown(ILogger logger, int attempt, string reason);
}
