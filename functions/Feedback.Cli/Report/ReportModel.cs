using Feedback.Cli.Load;
using Feedback.Storage.Connection;

namespace Feedback.Cli.Report;

/// <summary>One verdict of a report: what was checked, whether it held, and the evidence.</summary>
public sealed record Check(string Name, bool Passed, string Detail);

/// <summary>The classifier's figures from `feedback bench classifier`.</summary>
public sealed record ClassifierFigures(double ClassificationsPerSecond, double ModelLoadMs, long ModelBytes);

/// <summary>One load scenario: what was offered and achieved, intake latency, queue lag (received → routed), end-to-end rate, and its exactly-once checks.</summary>
public sealed record LoadFigures(
    string Name,
    string Description,
    int Sent,
    int Accepted,
    double OfferedPerSecond,
    double IntakePerSecond,
    Percentiles IntakeLatencyMs,
    Percentiles QueueLagMs,
    double EndToEndPerSecond,
    IReadOnlyList<Check> Checks)
{
    public bool Passed => Checks.All(check => check.Passed);

    /// <summary>The app's storage requests over the scenario, per message processed (null when not counted).</summary>
    public RequestsPerMessage? RequestsPerMessage { get; init; }

    /// <summary>The app's storage requests over the scenario, by service and kind.</summary>
    public StorageRequestCounts? Requests { get; init; }
}

/// <summary>One fault drill: what was done to the pipeline, how long it took, and its verdicts.</summary>
public sealed record DrillResult(string Name, string Description, double Seconds, IReadOnlyList<Check> Checks)
{
    public bool Passed => Checks.Count > 0 && Checks.All(check => check.Passed);
}

/// <summary>The machine a report ran on, and how busy it was (the machine may be shared).</summary>
public sealed record MachineFigures(string Cpu, int Cores, double MemoryGiB, string OperatingSystem, string DotnetVersion, string NodeVersion, string AzuriteVersion, string LoadAverageAtStart, string LoadAverageAtEnd);

/// <summary>Everything `feedback report` measured, as the markdown and the JSON present it.</summary>
public sealed record BenchmarkReport(
    DateTimeOffset StartedAt,
    double Minutes,
    string Size,
    string Command,
    MachineFigures Machine,
    ClassifierFigures? Classifier,
    double? RawInsertsPerSecond,
    IReadOnlyList<LoadFigures> Load,
    ProcessMemory? AppMemory,
    IReadOnlyList<DrillResult> Drills,
    IReadOnlyList<string> Notes)
{
    public bool Passed => Load.All(phase => phase.Passed) && Drills.All(drill => drill.Passed);
}
