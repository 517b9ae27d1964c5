using System.Diagnostics;

namespace Feedback.Cli;

/// <summary>When this process started and when it reached Main, for `feedback bench classifier`'s startup breakdown.</summary>
public static class StartupClock
{
    public static DateTime MainEnteredUtc { get; private set; }

    public static void MainEntered() => MainEnteredUtc = DateTime.UtcNow;

    /// <summary>From the kernel's record of the process (Linux: clock ticks, about 10 ms resolution).</summary>
    public static DateTime ProcessStartedUtc() => Process.GetCurrentProcess().StartTime.ToUniversalTime();
}
