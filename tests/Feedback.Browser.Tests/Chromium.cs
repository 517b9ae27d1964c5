namespace Feedback.Browser.Tests;

/// <summary>
/// Debian's Chromium, the only browser these tests drive: Playwright never downloads one. Where it is missing the
/// tests are skipped, except under CI, where they must run and so fail.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>CI (CI=true) runs every browser test: a missing Chromium is a failure there, never a skip.</summary>
    public static bool IsRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string SkipReason =>
        $"{ExecutablePath} is missing: install Debian's chromium (apt-get install chromium) to run the browser tests";

    public static string MissingUnderCi =>
        $"CI=true and {ExecutablePath} is missing: the browser tests must run under CI (./feedback test installs chromium with apt-get there)";
}

/// <summary>A browser test: skipped, saying why, where Chromium is missing on a developer's machine; run (and failed) under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsRequired)
            Skip = Chromium.SkipReason;
    }
}

/// <summary>A browser theory: skipped like <see cref="BrowserFactAttribute"/> where Chromium is missing, outside CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsRequired)
            Skip = Chromium.SkipReason;
    }
}
