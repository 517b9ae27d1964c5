namespace Feedback.Functions.Access;

/// <summary>
/// Whether App Service Authentication runs in front of the app, which is what makes X-MS-CLIENT-PRINCIPAL
/// unforgeable: with it on, the platform removes that header from every incoming request and sets it itself for a
/// signed-in user; with it off the header passes through from the caller untouched.
/// <para>
/// Assumption (App Service's environment variable reference, "Authentication &amp; authorization"):
/// <c>WEBSITE_AUTH_ENABLED</c> is read-only and injected into the app's environment by the platform to say whether
/// authentication is enabled ("True" when it is); an app setting of that name cannot switch it on.
/// </para>
/// </summary>
internal sealed class AppServiceAuthentication(IConfiguration configuration)
{
    public const string EnabledVariable = "WEBSITE_AUTH_ENABLED";

    public bool IsEnabled { get; } = string.Equals(configuration[EnabledVariable], "true", StringComparison.OrdinalIgnoreCase);
}
