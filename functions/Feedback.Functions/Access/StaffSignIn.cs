using Feedback.Functions.Http;

namespace Feedback.Functions.Access;

/// <summary>
/// How members of staff say who they are, chosen once for the hosting mode when the services are composed
/// (<c>AddAgencies</c>): locally the dev sign-in's cookie, in Azure Entra ID through App Service Authentication.
/// Either way the membership table then decides who the id is (<see cref="StaffUserResolver"/>).
/// </summary>
internal abstract class StaffSignIn
{
    /// <summary>Whether this is the dev sign-in, whose pages the staff header offers.</summary>
    public abstract bool IsLocal { get; }

    /// <summary>The user id the request proves; null for nobody.</summary>
    public abstract string? UserIdOf(HttpRequest request);

    /// <summary>
    /// Where a person who is not signed in goes; signing in brings them back to <paramref name="returnTo"/> (a path
    /// <see cref="StaffNavigation.SafeReturn"/> accepted), or to their role's home without one.
    /// </summary>
    public abstract string AddressFor(string? returnTo);

    /// <summary>What every staff endpoint answers while no staff identity can be believed; null when one can.</summary>
    public virtual IResult? Refusal() => null;

    /// <summary>Whether someone signed in, though no membership names them: sending them to sign in again would only bring them back.</summary>
    public virtual bool SignedInElsewhere(HttpRequest request) => false;
}

/// <summary>Local mode: the dev sign-in's cookie. The principal header is ignored: nothing in front of a local run removes a forged one.</summary>
internal sealed class LocalStaffSignIn(DevSession session) : StaffSignIn
{
    public override bool IsLocal => true;

    public override string? UserIdOf(HttpRequest request) => session.Read(request);

    public override string AddressFor(string? returnTo) =>
        returnTo is null ? StaffPages.SignInPath : $"{StaffPages.SignInPath}?{StaffNavigation.ReturnParameter}={Uri.EscapeDataString(returnTo)}";
}

/// <summary>Azure mode: the Entra object id in X-MS-CLIENT-PRINCIPAL, believed only while App Service Authentication is on.</summary>
internal sealed class EntraStaffSignIn(AppServiceAuthentication platform) : StaffSignIn
{
    public override bool IsLocal => false;

    public override string? UserIdOf(HttpRequest request) =>
        platform.IsEnabled ? ClientPrincipal.ObjectId(request.Headers[ClientPrincipal.Header]) : null;

    public override string AddressFor(string? returnTo) =>
        StaffPages.EntraSignIn + Uri.EscapeDataString(returnTo ?? StaffNavigation.HomePath);

    public override IResult? Refusal() => platform.IsEnabled
        ? null
        : Problems.Status(StatusCodes.Status401Unauthorized, "Staff sign-in is not available",
            $"App Service Authentication is off ({AppServiceAuthentication.EnabledVariable} is not True), so no staff identity can be believed: enable it (authsettingsV2 platform.enabled, see docs/operations.md)");

    public override bool SignedInElsewhere(HttpRequest request) =>
        ClientPrincipal.ObjectId(request.Headers[ClientPrincipal.Header]) is not null;
}
