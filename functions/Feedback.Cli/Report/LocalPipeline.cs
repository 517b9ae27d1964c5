using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Feedback.Core.Time;
using Feedback.Kavenegar.StandIn;

namespace Feedback.Cli.Report;

/// <summary>Peak and current resident memory of a process, from /proc/&lt;pid&gt;/status (VmHWM, VmRSS), in MiB.</summary>
public sealed record ProcessMemory(double PeakResidentMiB, double ResidentMiB);

/// <summary>
/// The whole pipeline on this machine for a report, in a temporary folder of its own: Azurite (the repository's, on free
/// ports, on disk so that it survives being killed, or in memory for a load that never kills it), the Kavenegar stand-in, and the function app as a separate process
/// in Local mode with fresh secrets, started by the first scenario's start-over. Any part can be killed and started again on the same ports and data; disposing kills
/// everything it started.
/// </summary>
public sealed class LocalPipeline : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    // Azurite's well-known development key, published in its documentation: not a secret.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly RepositoryPaths paths;
    private readonly string directory;
    private readonly int blobPort = FreePort();
    private readonly int queuePort = FreePort();
    private readonly int tablePort = FreePort();
    private readonly int appPort = FreePort();
    private readonly Dictionary<string, string> appSettings;
    private readonly List<Process> azurite = [];
    private Process? app;
    private bool debugLogs;
    private bool inMemory;
    private StreamWriter? appLog;

    private LocalPipeline(RepositoryPaths paths, string directory, KavenegarStandIn standIn, string smsSecret)
    {
        this.paths = paths;
        this.directory = directory;
        StandIn = standIn;
        SmsInboundSecret = smsSecret;
        var quietStart = TehranTime.TimeOfDay(DateTimeOffset.UtcNow).AddHours(12);
        appSettings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Feedback__Mode"] = "Local",
            ["Feedback__StorageConnectionString"] = StorageConnectionString,
            ["Feedback__SmsInboundSecret"] = smsSecret,
            ["Feedback__PhoneEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Feedback__PhoneLookupKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Feedback__WebRequestsPerMinute"] = "1000000",
            ["Feedback__Kavenegar__ApiKey"] = standIn.ApiKey,
            ["Feedback__Kavenegar__BaseAddress"] = standIn.BaseAddress.AbsoluteUri,
            ["Feedback__Kavenegar__ReceiveLines"] = ReceivingLine,
            ["Feedback__SmsDeliverySecret"] = Secret(),
            // A one-minute quiet window twelve hours away: acknowledgements of a night-time run are not held until morning.
            ["Feedback__QuietHoursStart"] = quietStart.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["Feedback__QuietHoursEnd"] = quietStart.AddMinutes(1).ToString("HH:mm", CultureInfo.InvariantCulture),
            ["Feedback__DailySmsCap"] = "1000",
            ["Feedback__SmsPausedRetryMinutes"] = SmsPause.TotalMinutes.ToString(CultureInfo.InvariantCulture),
            ["Feedback__PublicBaseUrl"] = $"http://127.0.0.1:{appPort}/",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
    }

    /// <summary>The line citizens write to in the drills; the stand-in forwards what reaches it to the app's SmsInbound.</summary>
    public const string ReceivingLine = "10004346";

    /// <summary>How long sending pauses after Kavenegar answers 418: short, so the 418 drill sees the SMS go out after it.</summary>
    public static TimeSpan SmsPause { get; } = TimeSpan.FromSeconds(30);

    public KavenegarStandIn StandIn { get; }

    public string SmsInboundSecret { get; }

    public string StorageConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    public Uri AppAddress => new($"http://127.0.0.1:{appPort}/");

    /// <summary>Azurite's debug log of one service (blob, queue, table), written while a start-over asked for it.</summary>
    public string DebugLog(string service) => Path.Combine(directory, $"azurite-{service}-debug.log");

    /// <summary>The run's folder: Azurite's data (azurite/) and the app's output (app.log).</summary>
    public string WorkDirectory => directory;

    public RepositoryPaths Paths => paths;

    public int AppProcessId => app?.Id ?? throw new InvalidOperationException("the app is not running");

    /// <summary>The app's binary, built by `dotnet build` of Feedback.Functions in Release.</summary>
    public static string AppAssembly(RepositoryPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.Root, "functions", "Feedback.Functions", "bin", "Release", "net10.0", "Feedback.Functions.dll");
    }

    /// <summary>One Azurite service's own executable (azurite-blob, azurite-queue, azurite-table), as ./feedback run starts them.</summary>
    public static string AzuriteExecutable(RepositoryPaths paths, string service)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.Root, "node_modules", ".bin", $"azurite-{service}");
    }

    public static async Task<LocalPipeline> StartAsync(RepositoryPaths paths, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (!File.Exists(AppAssembly(paths)))
            throw new CliException($"the app is not built ({AppAssembly(paths)} is missing): run dotnet build functions/Feedback.Functions/Feedback.Functions.csproj -c Release");
        if (!File.Exists(AzuriteExecutable(paths, "table")))
            throw new CliException($"Azurite is not installed ({AzuriteExecutable(paths, "table")} is missing): run npm ci in {paths.Root}");
        var standIn = await KavenegarStandIn.StartAsync(Secret(), cancellationToken);
        // The stand-in's usual credit lasts about 5,000 SMS; a full report sends more, and running out would pause
        // sending for 15 minutes mid-run. The 418 drill makes Kavenegar answer 418 on purpose instead.
        standIn.RemainingCredit = long.MaxValue / 2;
        var pipeline = new LocalPipeline(paths, directory, standIn, Secret());
        standIn.InboundForwardUrl = new Uri(pipeline.AppAddress, $"api/sms/inbound/{Uri.EscapeDataString(pipeline.SmsInboundSecret)}");
        try
        {
            // The app is started by each scenario's start-over (StartOverOnEmptyStorageAsync), never before it.
            await pipeline.StartAzuriteAsync(cancellationToken);
            return pipeline;
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Each Azurite service in a process of its own, as ./feedback run starts them: one Node process serving tables
    /// and queues together is the pipeline's bottleneck on its one core.
    /// </summary>
    public async Task StartAzuriteAsync(CancellationToken cancellationToken)
    {
        var location = Path.Combine(directory, "azurite");
        Directory.CreateDirectory(location);
        foreach (var (service, port) in new[] { ("blob", blobPort), ("queue", queuePort), ("table", tablePort) })
        {
            var start = new ProcessStartInfo(AzuriteExecutable(paths, service)) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
            foreach (var argument in (string[])[
                .. inMemory ? ["--inMemoryPersistence"] : (string[])["--location", location], "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                $"--{service}Host", "127.0.0.1", $"--{service}Port", Invariant(port)])
                start.ArgumentList.Add(argument);
            if (debugLogs)
            {
                start.ArgumentList.Add("--debug");
                start.ArgumentList.Add(DebugLog(service));
            }
            var process = Process.Start(start) ?? throw new CliException($"Azurite's {service} service did not start");
            azurite.Add(process);
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await WaitUntilAsync($"Azurite's {service} service", token => PortOpenAsync(port, token), process, cancellationToken);
        }
    }

    /// <summary>
    /// Stops Azurite with SIGINT: it stops answering at once. Not SIGKILL: Azurite's table store (LokiJS) writes its
    /// data to disk only every 5 s, so a SIGKILL loses writes it had already acknowledged, which no real storage does;
    /// on SIGINT it saves them before it exits (azurite-table has no SIGTERM handler: SIGTERM would end it unsaved). If
    /// a service has not exited within 20 s it is killed.
    /// </summary>
    public async Task StopAzuriteAsync()
    {
        await Task.WhenAll(azurite.Select(StopGentlyAsync));
        azurite.Clear();
    }

    private static async Task StopGentlyAsync(Process process)
    {
        if (!process.HasExited)
        {
            using (var signal = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", Invariant(process.Id) }, UseShellExecute = false }))
                await (signal?.WaitForExitAsync() ?? Task.CompletedTask);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await KillAsync(process);
    }

    public async Task StartAppAsync(CancellationToken cancellationToken)
    {
        var binaries = Path.GetDirectoryName(AppAssembly(paths))!;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in (string[])[AppAssembly(paths), "--urls", AppAddress.AbsoluteUri.TrimEnd('/'), "--contentRoot", binaries])
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in appSettings)
            start.Environment[name] = value;
        appLog ??= new StreamWriter(Path.Combine(directory, "app.log"), append: true) { AutoFlush = true };
        var log = TextWriter.Synchronized(appLog);
        app = Process.Start(start) ?? throw new CliException("the app did not start");
        app.OutputDataReceived += (_, line) => { if (line.Data is not null) log.WriteLine(line.Data); };
        app.ErrorDataReceived += (_, line) => { if (line.Data is not null) log.WriteLine(line.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = AppAddress, Timeout = TimeSpan.FromSeconds(5) };
        await WaitUntilAsync("the app (see app.log in the report's work folder)", async token =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/api/health", UriKind.Relative), token);
                return response.IsSuccessStatusCode;
            }
            catch (Exception unanswered) when (unanswered is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
            {
                return false;
            }
        }, app, cancellationToken);
    }

    /// <summary>
    /// Stops the app and Azurite, deletes Azurite's data and starts both again, so that a scenario runs on empty
    /// storage whatever ran before it. Azurite's table store finds an entity by scanning its partition, so its point
    /// operations slow down as a run's partitions grow (the day's trend partition and index gain a row per message);
    /// Table Storage's do not.
    /// </summary>
    /// <param name="withDebugLogs">Azurite writes its debug log (<see cref="DebugLog"/>, a few lines per request it serves) until the next start-over.</param>
    /// <param name="inMemory">
    /// Azurite keeps its data in memory only (<c>--inMemoryPersistence</c>) until the next start-over, for a load that
    /// never restarts it. On a folder, Azurite's table store (LokiJS, autosave every 5 s) serialises its whole database
    /// on its one thread at every save, a pause that grows with the data until requests wait past the clients' 5 s
    /// timeout (docs/load.md, "The ten-minute soak"); Table Storage has no such cost. A drill that stops and starts
    /// Azurite needs the folder.
    /// </param>
    public async Task StartOverOnEmptyStorageAsync(CancellationToken cancellationToken, bool withDebugLogs = false, bool inMemory = false)
    {
        app = await KillAsync(app);
        await KillAzuriteAsync();
        Directory.Delete(Path.Combine(directory, "azurite"), recursive: true);
        foreach (var service in (string[])["blob", "queue", "table"])
            File.Delete(DebugLog(service));
        debugLogs = withDebugLogs;
        this.inMemory = inMemory;
        await StartAzuriteAsync(cancellationToken);
        await StartAppAsync(cancellationToken);
    }

    /// <summary>Kills the app with SIGKILL, as a crash would: messages it was handling come back after their lease.</summary>
    public async Task KillAppAsync() => app = await KillAsync(app);

    /// <summary>The app's memory now; the peak is over the life of the current app process.</summary>
    public ProcessMemory AppMemory()
    {
        var status = File.ReadAllLines($"/proc/{AppProcessId}/status");
        double Field(string name) => status.FirstOrDefault(line => line.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
            ? Math.Round(double.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024, 1)
            : 0;
        return new ProcessMemory(Field("VmHWM"), Field("VmRSS"));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync(app);
        await KillAzuriteAsync();
        await StandIn.DisposeAsync();
        if (appLog is not null)
            await appLog.DisposeAsync();
    }

    private async Task KillAzuriteAsync()
    {
        foreach (var process in azurite)
            await KillAsync(process);
        azurite.Clear();
    }

    private static async Task<Process?> KillAsync(Process? process)
    {
        if (process is null)
            return null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
        process.Dispose();
        return null;
    }

    private static async Task WaitUntilAsync(string what, Func<CancellationToken, Task<bool>> ready, Process process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await ready(cancellationToken))
        {
            if (process.HasExited)
                throw new CliException($"{what} exited with code {process.ExitCode} while starting");
            if (deadline.Elapsed > StartTimeout)
                throw new CliException($"{what} was not ready within {StartTimeout.TotalSeconds:0} s");
            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<bool> PortOpenAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
