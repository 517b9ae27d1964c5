using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Functions.Operations;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Access;

/// <summary>
/// Cross-site request forgery protection for the staff pages' state-changing requests, without server-side
/// state (the app runs on several instances, with no shared key ring for antiforgery tokens). A request passes
/// only with all of:
/// <list type="bullet">
/// <item>the <see cref="Header"/> header, which a page of another site cannot add: a cross-origin request with a
/// custom header needs a CORS preflight, and this app answers none;</item>
/// <item>an Origin header, when the browser sends one, that is this site's (the request's own host, or the
/// deployment's public address);</item>
/// <item>a Sec-Fetch-Site header, when the browser sends one, of "same-origin".</item>
/// </list>
/// This holds whichever cookie carries the session: the local sign-in's (SameSite=Strict besides) or App Service
/// Authentication's own session cookie in Azure (AppServiceAuthSession), whose SameSite attribute the platform
/// sets and the app cannot tighten, so the app must not rely on the browser withholding it from another site's post.
/// </summary>
internal static class SameOriginGuard
{
    public const string Header = "X-Feedback-Staff";

    public static TBuilder RequireSameOrigin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ApiContract.SameOriginRequired()).AnswersProblem(StatusCodes.Status403Forbidden);
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var request = invocation.HttpContext.Request;
            var publicBase = invocation.HttpContext.RequestServices.GetRequiredService<IOptions<PipelineSettings>>().Value.PublicBaseUrl;
            return Refusal(request, publicBase) is { } reason
                ? Problems.Status(StatusCodes.Status403Forbidden, "Cross-site request refused", reason)
                : await next(invocation);
        });
        return builder;
    }

    /// <summary>Why the request may have come from another site's page; null when it is this site's own.</summary>
    public static string? Refusal(HttpRequest request, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Headers[Header]))
            return $"the {Header} header is missing: state-changing requests come from this site's own pages";
        return ForeignPage(request, publicBaseUrl);
    }

    /// <summary>
    /// Why a browser says the request came from another site's page (Sec-Fetch-Site, Origin: browsers send one or both
    /// on every cross-site POST, a plain HTML form's included); null when neither says so.
    /// </summary>
    public static string? ForeignPage(HttpRequest request, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && !string.Equals(fetchSite, "same-origin", StringComparison.OrdinalIgnoreCase))
            return $"the browser says the request came from a {fetchSite} page";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsOwnOrigin(origin, request, publicBaseUrl))
            return "the request came from a page of another origin";
        return null;
    }

    private static bool IsOwnOrigin(string origin, HttpRequest request, string publicBaseUrl)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var from))
            return false;
        if (Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var publicBase)
            && string.Equals(from.GetLeftPart(UriPartial.Authority), publicBase.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            return true;
        // The Host header names the site the browser sent the request to: a page of the same host is this site's.
        return request.Host.HasValue && string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
