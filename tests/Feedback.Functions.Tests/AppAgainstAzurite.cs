using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests;

/// <summary>
/// Tests of the running app (in-process) whose storage is the test run's real Azurite: an app of the test's own, or
/// one that all the tests of its class share (<see cref="OneAppPerClass"/>), whose settings the first test's start fixes.
/// </summary>
[Collection(Azurite.Collection)]
public abstract class AppAgainstAzurite(Azurite azurite, FeedbackAppFactory? sharedApp = null) : IAsyncLifetime, IDisposable
{
    protected FeedbackAppFactory Factory { get; } = sharedApp ?? new();

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>The test run's Azurite, for a client of the test's own.</summary>
    protected string ConnectionString => azurite.ConnectionString;

    protected T Service<T>()
        where T : notnull => Factory.Services.GetRequiredService<T>();

    public virtual async Task InitializeAsync()
    {
        Factory.Settings["Feedback:StorageConnectionString"] = azurite.ConnectionString;
        var prepare = !Factory.StoragePrepared;
        if (prepare)
            await PrepareStorageBeforeStartAsync();
        Client = Factory.CreateClient();
        if (!prepare)
            return;
        await PrepareStorageAsync();
        Factory.StoragePrepared = true;
    }

    /// <summary>Puts in storage what the app must find when it starts; on a shared app only the first test does.</summary>
    protected virtual Task PrepareStorageBeforeStartAsync() => Task.CompletedTask;

    /// <summary>Puts in storage, through the started app, what every test of the class expects; on a shared app only the first test does.</summary>
    protected virtual Task PrepareStorageAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        Client?.Dispose();
        if (sharedApp is null)
            Factory.Dispose();
    }
}
