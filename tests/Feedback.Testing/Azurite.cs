using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Feedback.Testing;

/// <summary>
/// A real Azurite for a test run: the repository's pinned one (node_modules, installed by <c>npm ci</c>),
/// in memory, on free loopback ports, stopped with its whole process tree on dispose. Share one per xunit
/// collection: each test project declares
/// <c>[CollectionDefinition(Azurite.Collection)] public sealed class SharedAzurite : ICollectionFixture&lt;Azurite&gt;;</c>
/// (xunit finds collection definitions only in the test assembly itself) and marks its classes
/// <c>[Collection(Azurite.Collection)]</c>; a second definition of its own gives a second Azurite, whose collection
/// runs beside the first. Tests use unique queue and table names, so they share it safely.
/// </summary>
public sealed partial class Azurite : IAsyncLifetime, IDisposable
{
    public const string Collection = "Azurite";

    public const string AccountName = "devstoreaccount1";

    // Azurite's well-known development key, published in its documentation: not a secret.
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Azurite's account on the discard port, where nothing listens: storage that cannot be reached.</summary>
    public const string UnreachableConnectionString =
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:9/{AccountName};QueueEndpoint=http://127.0.0.1:9/{AccountName}";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> queueListening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Uri> tableListening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? process;

    /// <summary>The Queue service's address, account included (http://127.0.0.1:PORT/devstoreaccount1).</summary>
    public Uri QueueEndpoint { get; private set; } = null!;

    /// <summary>The Table service's address, account included (http://127.0.0.1:PORT/devstoreaccount1).</summary>
    public Uri TableEndpoint { get; private set; } = null!;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    public async Task InitializeAsync()
    {
        var executable = FindExecutable();
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Nothing is persisted in memory mode; the temporary directory keeps any stray file out of the repository.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in (string[])[
            "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", "0",
            "--queueHost", "127.0.0.1", "--queuePort", "0",
            "--tableHost", "127.0.0.1", "--tablePort", "0"])
            startInfo.ArgumentList.Add(argument);

        process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Observe(line.Data);
        process.ErrorDataReceived += (_, line) => Observe(line.Data);
        process.Exited += (_, _) =>
        {
            var exited = new InvalidOperationException($"Azurite exited before it was listening. Its output:\n{Output()}");
            queueListening.TrySetException(exited);
            tableListening.TrySetException(exited);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            QueueEndpoint = new Uri(await queueListening.Task.WaitAsync(timeout.Token), AccountName);
            TableEndpoint = new Uri(await tableListening.Task.WaitAsync(timeout.Token), AccountName);
            await WaitUntilAnsweringAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Azurite was not ready within {StartTimeout.TotalSeconds} s. Its output:\n{Output()}");
        }
    }

    public async Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Dispose();
    }

    public void Dispose()
    {
        if (process is { HasExited: false })
            process.Kill(entireProcessTree: true);
        process?.Dispose();
        process = null;
    }

    /// <summary>The repository root (where Feedback.sln is), found by walking up from the test binaries.</summary>
    private static string FindExecutable()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Feedback.sln")))
            directory = directory.Parent;
        if (directory is null)
            throw new InvalidOperationException($"No Feedback.sln above {AppContext.BaseDirectory}: cannot find the repository's Azurite.");

        var executable = Path.Combine(directory.FullName, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        if (!File.Exists(executable))
            throw new InvalidOperationException(
                $"Azurite is not installed ({executable} is missing): run `npm ci` in {directory.FullName} (`./feedback test` does it).");
        return executable;
    }

    private void Observe(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);

        var listening = ListeningLine().Match(line);
        if (!listening.Success)
            return;
        // The trailing slash makes the account a path segment under the root, not a replacement of it.
        var address = new Uri(listening.Groups["address"].Value.TrimEnd('/') + "/");
        if (listening.Groups["service"].Value == "Queue")
            queueListening.TrySetResult(address);
        else if (listening.Groups["service"].Value == "Table")
            tableListening.TrySetResult(address);
    }

    private string Output()
    {
        lock (output)
            return output.ToString();
    }

    /// <summary>Any HTTP answer (an unsigned request gets 403) shows the service is up.</summary>
    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient();
        foreach (var endpoint in (Uri[])[QueueEndpoint, TableEndpoint])
        {
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync(endpoint, cancellationToken);
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
                }
            }
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<address>https?://\S+)")]
    private static partial Regex ListeningLine();
}
