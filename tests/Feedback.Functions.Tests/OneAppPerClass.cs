using Feedback.Testing;

namespace Feedback.Functions.Tests;

/// <summary>
/// One app for a class whose tests only read what the app maps and serves: started by the first test that asks, on that
/// test's Azurite, and stopped after the class's last test. A start costs about a third of a CPU second, once a case before.
/// </summary>
public sealed class OneAppPerClass : IDisposable
{
    private readonly Lock gate = new();
    private FeedbackAppFactory? app;

    public FeedbackAppFactory On(Azurite azurite)
    {
        lock (gate)
        {
            if (app is null)
            {
                app = new FeedbackAppFactory();
                app.Settings["Feedback:StorageConnectionString"] = azurite.ConnectionString;
            }
            return app;
        }
    }

    public void Dispose() => app?.Dispose();
}
