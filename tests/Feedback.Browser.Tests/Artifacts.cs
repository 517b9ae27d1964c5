namespace Feedback.Browser.Tests;

/// <summary>Where the tests leave what a person may want to look at afterwards: a full-page screenshot of each page visited.</summary>
public static class Artifacts
{
    public const string DirectoryVariable = "FEEDBACK_ARTIFACTS";

    /// <summary>The folder $FEEDBACK_ARTIFACTS names, or screenshots/ beside the test binaries.</summary>
    public static string ScreenshotDirectory { get; } = CreateScreenshotDirectory();

    private static string CreateScreenshotDirectory()
    {
        var chosen = Environment.GetEnvironmentVariable(DirectoryVariable);
        var directory = string.IsNullOrWhiteSpace(chosen)
            ? Path.Combine(AppContext.BaseDirectory, "screenshots")
            : Path.GetFullPath(chosen);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
