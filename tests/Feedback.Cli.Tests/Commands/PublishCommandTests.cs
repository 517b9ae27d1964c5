using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Feedback.Classification.Model;
using Feedback.Cli.Commands;
using Feedback.Testing;

namespace Feedback.Cli.Tests.Commands;

/// <summary>`feedback publish` run once for the class: the zip it wrote, and that zip unpacked as the Functions host would.</summary>
public sealed class PublishedPackage : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("feedback-publish-tests-");

    public PublishedPackage()
    {
        var output = Path.Combine(_directory.FullName, "output");
        Run = CliRun.Of("publish", "--output", output);
        ZipPath = Path.Combine(output, PublishCommand.PackageFileName);
        UnpackedDirectory = Path.Combine(_directory.FullName, "unpacked");
        if (Run.ExitCode == 0)
            ZipFile.ExtractToDirectory(ZipPath, UnpackedDirectory);
    }

    public CliRun Run { get; }

    public string ZipPath { get; }

    public string UnpackedDirectory { get; }

    public void Dispose() => _directory.Delete(recursive: true);
}

[Collection(Azurite.Collection)]
public class PublishCommandTests(PublishedPackage package, Azurite azurite) : IClassFixture<PublishedPackage>
{
    private static readonly string SourceHostDirectory = Path.Combine(
        RepositoryPaths.Find()?.Root ?? throw new InvalidOperationException("Feedback.sln not found above the test binary"),
        "functions", "Feedback.Functions", "host");

    [Fact]
    public void Publish_writes_the_zip_and_prints_its_path_and_size()
    {
        Assert.True(package.Run.ExitCode == 0, package.Run.ToString());
        var size = new FileInfo(package.ZipPath).Length;
        Assert.Contains(package.Run.OutLines, line =>
            line.Contains(package.ZipPath, StringComparison.Ordinal) && line.Contains(size.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal));
    }

    [Fact]
    public void Host_json_starts_the_packaged_script_with_the_shell_and_the_app_host_keeps_its_executable_bit()
    {
        using var zip = OpenZip();
        var (executable, arguments) = StartCommand(zip);

        Assert.Equal("/bin/sh", executable);
        var script = Assert.Single(arguments);
        Assert.True(zip.GetEntry(script) is not null, $"host.json starts '{script}', which is not in the zip");
        var appHost = zip.GetEntry(FunctionPackage.AppHost);
        Assert.True(appHost is not null, $"the app host '{FunctionPackage.AppHost}' is not in the zip");
        var mode = (UnixFileMode)((appHost.ExternalAttributes >> 16) & 0xFFF);
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"'{FunctionPackage.AppHost}' has mode {mode} in the zip");
    }

    [Fact]
    public void Every_function_of_the_app_is_a_folder_at_the_root_with_its_function_json()
    {
        using var zip = OpenZip();
        var functions = Directory.GetDirectories(SourceHostDirectory).Where(folder => File.Exists(Path.Combine(folder, "function.json"))).ToArray();
        Assert.NotEmpty(functions);

        foreach (var function in functions)
        {
            var entry = zip.GetEntry($"{Path.GetFileName(function)}/function.json");
            Assert.True(entry is not null, $"{Path.GetFileName(function)}/function.json is not in the zip");
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            Assert.Equal(File.ReadAllText(Path.Combine(function, "function.json")), reader.ReadToEnd());
        }
    }

    [Fact]
    public void The_classifier_model_is_beside_the_app_and_the_host_source_folder_is_not_packaged_twice()
    {
        using var zip = OpenZip();

        Assert.NotNull(zip.GetEntry($"model/{ModelFile.FileName}"));
        Assert.DoesNotContain(zip.Entries, entry => entry.FullName.StartsWith("host/", StringComparison.Ordinal));
    }

    /// <summary>The app's own code and the classifier's (the project's and ML.NET's) are shipped as native code for linux-x64, not IL alone.</summary>
    [Theory]
    [InlineData("Feedback.Functions.dll")]
    [InlineData("Feedback.Classification.dll")]
    [InlineData("Microsoft.ML.Data.dll")]
    [InlineData("Microsoft.ML.StandardTrainers.dll")]
    public void The_app_and_the_classifier_are_compiled_ReadyToRun(string assembly)
    {
        using var zip = OpenZip();
        var entry = zip.GetEntry(assembly);
        Assert.NotNull(entry);
        using var content = new MemoryStream();
        using (var stream = entry.Open())
            stream.CopyTo(content);
        content.Position = 0;

        using var pe = new PEReader(content);

        // A ReadyToRun image is the one kind of managed assembly with a managed native header (ECMA-335 II.25.3.3 leaves it to the runtime).
        Assert.True(pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0, $"{assembly} is IL only");
    }

    /// <summary>
    /// Started as host.json says, in the package's root, the way the host does (HttpWorkerProcess: the script root is
    /// the working directory): with the zip's executable bit kept, and with it lost, as nothing confirms Flex keeps it.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_unpacked_handler_answers_health_on_the_port_the_Functions_host_gives_it(bool keepsExecutableBit)
    {
        Assert.True(package.Run.ExitCode == 0, package.Run.ToString());
        var unpacked = Path.Combine(package.UnpackedDirectory, keepsExecutableBit ? "kept" : "lost");
        if (!Directory.Exists(unpacked))
        {
            ZipFile.ExtractToDirectory(package.ZipPath, unpacked);
            if (!keepsExecutableBit && !OperatingSystem.IsWindows())
                File.SetUnixFileMode(Path.Combine(unpacked, FunctionPackage.AppHost), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        using var zip = OpenZip();
        var (executable, arguments) = StartCommand(zip);
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(executable, arguments)
        {
            WorkingDirectory = unpacked,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["Feedback__Mode"] = "Local";
        start.Environment["Feedback__StorageConnectionString"] = azurite.ConnectionString;
        start.Environment["Feedback__SmsInboundSecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        start.Environment["Feedback__PhoneEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        start.Environment["Feedback__PhoneLookupKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var output = new StringBuilder();
        using var handler = new Process { StartInfo = start };
        handler.OutputDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        handler.ErrorDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        handler.Start();
        handler.BeginOutputReadLine();
        handler.BeginErrorReadLine();
        try
        {
            var status = await HealthStatusAsync(handler, port);
            lock (output)
                Assert.True(status == HttpStatusCode.OK, $"GET /api/health: {status?.ToString() ?? "no answer"}; exited: {handler.HasExited}; the handler's output:\n{output}");
        }
        finally
        {
            if (!handler.HasExited)
                handler.Kill(entireProcessTree: true);
            await handler.WaitForExitAsync();
        }
    }

    [Fact]
    public void An_output_that_cannot_be_a_directory_is_a_clear_error_before_any_build()
    {
        var file = Path.Combine(Path.GetTempPath(), $"feedback-publish-{Guid.NewGuid():N}");
        File.WriteAllText(file, "a file, not a directory");
        try
        {
            var run = CliRun.Of("publish", "--output", file);

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.Contains("cannot write to --output", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("publishing", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_published_folder_without_its_executable_function_or_model_is_refused_with_every_problem_named()
    {
        var folder = Directory.CreateTempSubdirectory("feedback-package-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "host.json"), """{ "customHandler": { "description": { "defaultExecutablePath": "Handler" } } }""");
            Directory.CreateDirectory(Path.Combine(folder.FullName, "Health"));
            File.WriteAllText(Path.Combine(folder.FullName, "Health", "function.json"), "{}");

            var refusal = Assert.Throws<CliException>(() => FunctionPackage.Inspect(folder.FullName, ["Health", "ProcessFeedback"]));

            Assert.Equal(ExitCodes.Failure, refusal.ExitCode);
            Assert.Contains("'Handler'", refusal.Message, StringComparison.Ordinal);
            Assert.Contains("'ProcessFeedback'", refusal.Message, StringComparison.Ordinal);
            Assert.Contains(ModelFile.FileName, refusal.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("'Health'", refusal.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private ZipArchive OpenZip()
    {
        Assert.True(package.Run.ExitCode == 0, package.Run.ToString());
        return ZipFile.OpenRead(package.ZipPath);
    }

    /// <summary>host.json's defaultExecutablePath and arguments: the command line the host starts the handler with.</summary>
    private static (string Executable, string[] Arguments) StartCommand(ZipArchive zip)
    {
        var hostEntry = zip.GetEntry("host.json");
        Assert.True(hostEntry is not null, "host.json is not at the root of the zip");
        using var host = JsonDocument.Parse(hostEntry.Open());
        var description = host.RootElement.GetProperty("customHandler").GetProperty("description");
        return (description.GetProperty("defaultExecutablePath").GetString()!,
            [.. description.GetProperty("arguments").EnumerateArray().Select(argument => argument.GetString()!)]);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until the handler answers or exits; the minute is a guard against a hung start, not a measurement.</summary>
    private static async Task<HttpStatusCode?> HealthStatusAsync(Process handler, int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var giveUpAt = DateTime.UtcNow.AddMinutes(1);
        while (!handler.HasExited && DateTime.UtcNow < giveUpAt)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/api/health"));
                return response.StatusCode;
            }
            catch (Exception notYet) when (notYet is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
        return null;
    }
}
