namespace Feedback.Cli.Report;

/// <summary>How big a report's runs are: the full one fits about 15 minutes on a busy 2-core machine, the quick one a few.</summary>
public sealed record ReportSize(
    string Name,
    double BenchSeconds,
    double SustainedPerSecond,
    double SustainedSeconds,
    double BurstPerSecond,
    double BurstSeconds,
    double MixPerSecond,
    double MixSeconds,
    double OutagePerSecond,
    double OutageLoadSeconds,
    double OutageSeconds,
    int CrashMessages,
    int KavenegarMessages,
    TimeSpan ProcessingTimeout)
{
    /// <summary>How many inbound SMS the stand-in forwards while the app is down (the inbound-outage drill).</summary>
    public int InboundOutageMessages { get; init; } = 200;

    /// <summary>The rate and length of the load whose request counts are checked against Azurite's debug log.</summary>
    public double CountedPerSecond { get; init; } = 50;

    public double CountedSeconds { get; init; } = 10;

    public static ReportSize Full { get; } = new("full", 3, 100, 60, 1000, 5, 25, 40, 40, 40, 10, 1000, 12, TimeSpan.FromMinutes(6));

    public static ReportSize Quick { get; } = new("quick", 1, 100, 5, 1000, 0.5, 20, 5, 20, 20, 5, 200, 4, TimeSpan.FromMinutes(3)) { CountedPerSecond = 20, CountedSeconds = 5 };

    /// <summary>This size with the sustained scenario lasting <paramref name="seconds"/>; the backlog it may leave (the offered rate is above what Azurite on this machine serves) gets twice as long to drain.</summary>
    public ReportSize WithSustainedSeconds(double seconds) => this with
    {
        Name = $"{Name}, sustained {seconds} s",
        SustainedSeconds = seconds,
        ProcessingTimeout = TimeSpan.FromSeconds(Math.Max(ProcessingTimeout.TotalSeconds, 2 * seconds)),
    };

    /// <summary>This size with the sustained scenario offering <paramref name="perSecond"/> requests a second instead of the target rate.</summary>
    public ReportSize WithSustainedRate(double perSecond) => this with
    {
        Name = $"{Name}, sustained at {perSecond}/s",
        SustainedPerSecond = perSecond,
    };
}
