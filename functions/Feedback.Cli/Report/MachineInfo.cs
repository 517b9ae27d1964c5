using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Feedback.Cli.Report;

/// <summary>Reads what a report says about the machine: /proc for the CPU, memory and load, the tools' own versions.</summary>
public static class MachineInfo
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static MachineFigures Read(RepositoryPaths paths, string loadAtStart)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        var memoryKiB = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(line => line.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var memoryGiB = memoryKiB is null ? 0 : Math.Round(double.Parse(memoryKiB, CultureInfo.InvariantCulture) / (1024 * 1024), 1);
        var osRelease = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : null;
        var azurite = Path.Combine(paths.Root, "node_modules", "azurite", "package.json");
        var azuriteVersion = File.Exists(azurite)
            ? File.ReadLines(azurite).FirstOrDefault(line => line.TrimStart().StartsWith("\"version\"", StringComparison.Ordinal))?.Split(':', 2)[1].Trim().Trim(',', '"') ?? "unknown"
            : "not installed";
        return new MachineFigures(
            cpu,
            Environment.ProcessorCount,
            memoryGiB,
            $"{osRelease ?? RuntimeInformation.OSDescription} (kernel {Environment.OSVersion.Version})",
            $"{RuntimeInformation.FrameworkDescription} (SDK {Output("dotnet", "--version")})",
            Output("node", "--version"),
            azuriteVersion,
            loadAtStart,
            LoadAverage());
    }

    private static string Output(string program, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, argument) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
                return "unknown";
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output.Length > 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
