namespace Feedback.Functions.Configuration;

/// <summary>
/// The hosting mode as the configuration gives it, read while the services are composed, so that what exists only
/// locally is registered only locally. Missing or invalid, it is not Local; the settings' validation then stops the start.
/// </summary>
internal static class HostingModes
{
    public static bool IsLocal(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Enum.TryParse<HostingMode>(configuration[$"{PipelineSettings.Section}:Mode"], ignoreCase: true, out var mode) && mode == HostingMode.Local;
    }
}

internal static class PipelineSettingsAccess
{
    /// <summary>The validated settings, for a registration that builds a service from them.</summary>
    public static PipelineSettings PipelineSettings(this IServiceProvider provider) =>
        provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PipelineSettings>>().Value;
}
