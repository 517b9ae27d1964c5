namespace Feedback.Functions.Operations;

/// <summary>Local start-up work on storage, retried in the background while storage is down, so that the app still starts.</summary>
internal static class StorageRetry
{
    /// <summary>Runs <paramref name="setup"/> until it succeeds, waiting longer after each failure (at most 30 s).</summary>
    /// <returns>False when stopped before it succeeded.</returns>
    public static async Task<bool> UntilDoneAsync(Func<CancellationToken, Task> setup, Action<int, string> storageDown, CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await setup(stoppingToken);
                return true;
            }
            catch (Exception unavailable) when (unavailable is not OperationCanceledException)
            {
                storageDown(attempt, unavailable.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        return false;
    }
}
