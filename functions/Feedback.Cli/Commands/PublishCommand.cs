using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Feedback.Classification.Model;

namespace Feedback.Cli.Commands;

/// <summary>
/// `feedback publish`: builds the function app self-contained for linux-x64 (a Flex Consumption "custom"
/// runtime has no .NET installed), compiled ReadyToRun for it (an instance's cold start then runs native code
/// instead of compiling the app's and ML.NET's code first), and packages the zip the Functions host runs from.
/// </summary>
public static class PublishCommand
{
    public const string PackageFileName = "feedback-functions.zip";

    public const string RuntimeIdentifier = "linux-x64";

    public static Command Create(CliConsole console)
    {
        var output = new Option<string?>("--output") { Description = $"Directory to write {PackageFileName} to. Default: .local/publish in the repository" };
        var command = new Command("publish", $"Build the function app (self-contained {RuntimeIdentifier}, ReadyToRun) and package {PackageFileName} for deployment") { output };
        command.SetAction((parse, token) => RunAsync(console, parse.GetValue(output), token));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string? outputOption, CancellationToken cancellationToken)
    {
        var paths = RepositoryPaths.Find() ?? throw new CliException("Feedback.sln not found above the working directory: run feedback publish inside the repository");
        var appDirectory = Path.Combine(paths.Root, "functions", "Feedback.Functions");
        var project = Path.Combine(appDirectory, "Feedback.Functions.csproj");
        var expectedFunctions = FunctionPackage.FunctionsIn(Path.Combine(appDirectory, "host"));
        if (!File.Exists(project) || expectedFunctions.Count == 0)
            throw new CliException($"the function app's project or its host/*/function.json files are missing under {appDirectory}");

        // Checked before the build, which takes a minute, so that a bad --output fails at once.
        var outputDirectory = Path.GetFullPath(outputOption ?? Path.Combine(paths.Root, ".local", "publish"));
        try
        {
            Directory.CreateDirectory(outputDirectory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write to --output {outputDirectory}: {exception.Message}");
        }

        var staging = Directory.CreateTempSubdirectory("feedback-publish-");
        try
        {
            var published = Path.Combine(staging.FullName, "app");
            console.Error.WriteLine($"publishing {paths.Display(project)} (Release, {RuntimeIdentifier}, self-contained, ReadyToRun)...");
            await DotnetPublishAsync(console, project, published, Path.Combine(staging.FullName, "artifacts"), cancellationToken);

            var package = FunctionPackage.Inspect(published, expectedFunctions);
            var zipPath = Path.Combine(outputDirectory, PackageFileName);
            package.WriteZip(zipPath);

            var size = new FileInfo(zipPath).Length;
            console.Out.WriteLine($"wrote {zipPath} ({size:N0} bytes, {size / (1024.0 * 1024.0):0.0} MiB)");
            console.Out.WriteLine($"starts: {package.ExecutablePath}, which runs {FunctionPackage.AppHost} (self-contained {RuntimeIdentifier}, ReadyToRun)");
            console.Out.WriteLine($"functions: {string.Join(", ", package.Functions)}");
            return ExitCodes.Success;
        }
        finally
        {
            try
            {
                staging.Delete(recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"warning: could not remove the staging folder {staging.FullName}: {exception.Message}");
            }
        }
    }

    /// <summary>
    /// Runs `dotnet publish` with its own artifacts folder, so the repository's bin/ and obj/ (which other
    /// builds may be using) are not touched, and without build servers, which would outlive the command.
    /// </summary>
    private static async Task DotnetPublishAsync(CliConsole console, string project, string outputDirectory, string artifactsDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "publish", project, "-c", "Release", "-r", RuntimeIdentifier, "--self-contained", "-p:PublishReadyToRun=true",
            "-o", outputDirectory, "--artifacts-path", artifactsDirectory, "--disable-build-servers", "-nologo"])
            start.ArgumentList.Add(argument);
        // Run from `dotnet run` or a test host, this process carries MSBuild's variables of that build; the
        // child is a build of its own and must resolve its SDK afresh.
        foreach (var inherited in start.Environment.Keys.Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(inherited);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var log = new List<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Keep(log, line.Data);
        process.ErrorDataReceived += (_, line) => Keep(log, line.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception notFound)
        {
            throw new CliException($"could not run dotnet (is the .NET SDK on PATH?): {notFound.Message}", ExitCodes.Failure);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode == 0)
            return;
        string[] lines;
        lock (log)
            lines = [.. log];
        var errors = lines.Where(line => line.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().ToArray();
        foreach (var line in errors.Length > 0 ? errors : lines.TakeLast(30))
            console.Error.WriteLine(line);
        throw new CliException($"dotnet publish failed (exit code {process.ExitCode}); its errors are above", ExitCodes.Failure);
    }

    private static void Keep(List<string> log, string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.Add(line);
    }
}

/// <summary>
/// A published function app folder, checked against what the Functions host needs at the package root:
/// host.json, whose customHandler starts the handler either as an executable of the package (there and
/// executable) or as `/bin/sh &lt;script&gt;` with the script in the package; the self-contained app host
/// (<see cref="AppHost"/>); one folder per function with its function.json; and the classifier's model file
/// beside the app. Written as a zip whose entries carry Unix permissions, so the app host keeps its executable
/// bit where the platform honours it (start.sh copes where it does not).
/// </summary>
internal sealed class FunctionPackage
{
    public const string HostFileName = "host.json";

    public const string FunctionFileName = "function.json";

    private const UnixFileMode ExecutableMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode RegularMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The self-contained build's app host: the handler's own executable, whatever starts it.</summary>
    public const string AppHost = "Feedback.Functions";

    /// <summary>The one program outside the package host.json may name: the shell that runs a start script from the package.</summary>
    private const string Shell = "/bin/sh";

    /// <summary>S_IFREG: the zip's external attributes say "regular file" along with the permission bits.</summary>
    private const int RegularFileType = 0x8000;

    /// <summary>The source folder of the host files: the Web SDK publishes it as content too, beside the copies at the root.</summary>
    private const string HostSourceFolder = "host";

    private FunctionPackage(string directory, string executablePath, IReadOnlyList<string> functions)
    {
        Directory = directory;
        ExecutablePath = executablePath;
        Functions = functions;
    }

    public string Directory { get; }

    /// <summary>What host.json starts, relative to the package root with forward slashes: the start script, or the executable itself.</summary>
    public string ExecutablePath { get; }

    /// <summary>The function folders at the root, in ordinal order.</summary>
    public IReadOnlyList<string> Functions { get; }

    /// <summary>The names of the folders of <paramref name="directory"/> that hold a function.json, in ordinal order.</summary>
    public static IReadOnlyList<string> FunctionsIn(string directory) =>
        System.IO.Directory.Exists(directory)
            ? [.. System.IO.Directory.GetDirectories(directory)
                .Where(folder => File.Exists(Path.Combine(folder, FunctionFileName)))
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)]
            : [];

    /// <exception cref="CliException">The folder is not a deployable function app; the message lists every problem.</exception>
    public static FunctionPackage Inspect(string directory, IReadOnlyCollection<string> expectedFunctions)
    {
        var problems = new List<string>();
        var executable = ReadExecutablePath(directory, problems);
        if (executable is not null)
        {
            var executableFile = Path.Combine(directory, executable);
            if (!File.Exists(executableFile))
                problems.Add($"{HostFileName} names '{executable}' as the handler's {(executable.EndsWith(".sh", StringComparison.Ordinal) ? "start script" : "executable")}, but there is no such file");
            else if (!executable.EndsWith(".sh", StringComparison.Ordinal) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(executableFile) & UnixFileMode.UserExecute) == 0)
                problems.Add($"'{executable}' is not executable");
        }
        if (!File.Exists(Path.Combine(directory, AppHost)))
            problems.Add($"the self-contained app host '{AppHost}' is missing");

        var functions = FunctionsIn(directory);
        foreach (var missing in expectedFunctions.Except(functions, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            problems.Add($"function folder '{missing}' with its {FunctionFileName} is missing at the root");
        var model = Path.Combine("model", ModelFile.FileName);
        if (!File.Exists(Path.Combine(directory, model)))
            problems.Add($"the classifier's model file {model.Replace('\\', '/')} is missing");

        if (problems.Count > 0)
            throw new CliException($"the published app in {directory} is not a deployable function app:\n  - {string.Join("\n  - ", problems)}", ExitCodes.Failure);
        return new FunctionPackage(directory, executable!, functions);
    }

    /// <summary>Writes the package as a zip (replacing any earlier one only once the new one is complete).</summary>
    public void WriteZip(string zipPath)
    {
        var partial = zipPath + ".partial";
        using (var archive = ZipFile.Open(partial, ZipArchiveMode.Create))
        {
            foreach (var file in System.IO.Directory.GetFiles(Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var entryName = Path.GetRelativePath(Directory, file).Replace('\\', '/');
                if (entryName.StartsWith(HostSourceFolder + "/", StringComparison.Ordinal))
                    continue;
                var entry = archive.CreateEntryFromFile(file, entryName, CompressionLevel.Optimal);
                var mode = entryName == ExecutablePath || IsExecutable(file) ? ExecutableMode : RegularMode;
                entry.ExternalAttributes = (RegularFileType | (int)mode) << 16;
            }
        }
        File.Move(partial, zipPath, overwrite: true);
    }

    private static string? ReadExecutablePath(string directory, List<string> problems)
    {
        var hostFile = Path.Combine(directory, HostFileName);
        if (!File.Exists(hostFile))
        {
            problems.Add($"{HostFileName} is missing at the root");
            return null;
        }
        try
        {
            using var host = JsonDocument.Parse(File.ReadAllText(hostFile));
            if (host.RootElement.TryGetProperty("customHandler", out var handler)
                && handler.TryGetProperty("description", out var description)
                && description.TryGetProperty("defaultExecutablePath", out var path)
                && path.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(path.GetString()))
            {
                if (path.GetString() != Shell)
                    return path.GetString()!.Replace('\\', '/');
                if (description.TryGetProperty("arguments", out var arguments) && arguments.ValueKind == JsonValueKind.Array
                    && arguments.GetArrayLength() > 0 && arguments[0].GetString() is { Length: > 0 } script)
                    return script.Replace('\\', '/');
                problems.Add($"{HostFileName} starts {Shell} without a start script as its first argument");
                return null;
            }
            problems.Add($"{HostFileName} has no customHandler.description.defaultExecutablePath");
        }
        catch (JsonException invalid)
        {
            problems.Add($"{HostFileName} is not valid JSON: {invalid.Message}");
        }
        return null;
    }

    /// <summary>Other executables of a self-contained build (createdump) keep their bit; on Windows only the handler gets one.</summary>
    private static bool IsExecutable(string file) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0;
}
