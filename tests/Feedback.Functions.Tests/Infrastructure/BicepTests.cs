using System.Diagnostics;
using System.Reflection;

namespace Feedback.Functions.Tests.Infrastructure;

/// <summary>
/// Every .bicep file of the repository compiles and passes the linter with no error and no warning, checked by the
/// real compiler: the pinned Azure.Bicep.CommandLine.linux-x64 package's tools/bicep, from the NuGet packages folder
/// the test project restored it into (its path is baked into this assembly at build time).
/// </summary>
public class BicepTests
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Feedback.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No Feedback.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>Every .bicep file under infra/, main.bicep's modules included, in one run of the compiler each.</summary>
    private const string Pattern = "infra/**/*.bicep";

    [Fact]
    public void Every_bicep_file_builds_without_errors_or_warnings()
    {
        var output = Directory.CreateTempSubdirectory("feedback-bicep-build-");
        try
        {
            AssertClean(Bicep("build", "--pattern", Pattern, "--outdir", output.FullName), $"bicep build --pattern {Pattern}");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_bicep_file_lints_without_errors_or_warnings() =>
        AssertClean(Bicep("lint", "--pattern", Pattern), $"bicep lint --pattern {Pattern}");

    [Fact]
    public void A_linter_warning_is_caught()
    {
        var directory = Directory.CreateTempSubdirectory("feedback-bicep-");
        try
        {
            var file = Path.Combine(directory.FullName, "unused.bicep");
            File.WriteAllText(file, "param unused string\n");

            var run = Bicep("lint", "--pattern", file);

            Assert.Contains("no-unused-params", run.Error + run.Output, StringComparison.Ordinal);
            Assert.False(IsClean(run));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void AssertClean(BicepRun run, string command) =>
        Assert.True(IsClean(run), $"{command} exited {run.ExitCode}:\n{run.Error}{run.Output}");

    /// <summary>bicep prints diagnostics, errors and warnings alike, on standard error, and exits 0 on warnings.</summary>
    private static bool IsClean(BicepRun run) =>
        run.ExitCode == 0 && string.IsNullOrWhiteSpace(run.Error) && string.IsNullOrWhiteSpace(run.Output);

    private static BicepRun Bicep(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root.Value,
        };
        start.ArgumentList.Add(command);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The CLI checks for a newer version and sends telemetry otherwise; neither is wanted in a test run.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {command} did not finish in two minutes");
        }
        return new BicepRun(process.ExitCode, output, error.GetAwaiter().GetResult());
    }

    private static string Executable()
    {
        var folder = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "BicepPackageFolder").Value;
        Assert.False(string.IsNullOrEmpty(folder), "the test project did not restore Azure.Bicep.CommandLine.linux-x64 (GeneratePathProperty)");
        var bicep = Path.Combine(folder!, "tools", "bicep");
        Assert.True(File.Exists(bicep), $"{bicep} is missing: restore tests/Feedback.Functions.Tests");
        // The package ships it 0744: runnable by whoever restored it, as CI and a developer both do.
        if (!OperatingSystem.IsLinux() || !File.GetUnixFileMode(bicep).HasFlag(UnixFileMode.UserExecute))
            Assert.Fail($"{bicep} is not executable here (the package's binary is linux-x64)");
        return bicep;
    }

    private sealed record BicepRun(int ExitCode, string Output, string Error);
}
