using Feedback.Testing;

namespace Feedback.Functions.Tests;

/// <summary>
/// One app for all the tests of a class, which take turns on it: started by the first test that asks, on that test's
/// Azurite, and stopped after the class's last test. For classes whose tests need no fresh app (they read what it maps
/// and serves, or each works on data of its own); a start costs about a third of a CPU second, which they paid a case.
/// </summary>
public sealed class OneAppPerClass : IDisposable
{
    private FeedbackAppFactory? app;

    /// <summary>The class's app; xunit runs a class's tests one at a time, so the first call makes it.</summary>
    public FeedbackAppFactory On(Azurite azurite)
    {
        if (app is null)
        {
            app = new FeedbackAppFactory();
            app.Settings["Feedback:StorageConnectionString"] = azurite.ConnectionString;
        }
        return app;
    }

    public void Dispose() => app?.Dispose();
}
