using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Feedback.Functions.Tests.Hostile;

/// <summary>The rules every answer to a hostile request must keep, each named as the tests report it.</summary>
public static partial class HostileVerdicts
{
    public const string NoAnswer = "no answer: the request threw or timed out in the app";
    public const string ServerError = "5xx (other than a host invocation's deliberate 500 or a health probe's 503)";
    public const string NotProblemDetails = "4xx under /api without application/problem+json";
    public const string ReflectedMarkup = "hostile markup reflected unencoded into HTML";
    public const string TemplateServed = "a page template served unrendered";
    public const string NotAnAsset = "a static answer that is not a file of wwwroot";
    public const string StackTrace = "a stack trace in the answer";

    public static IReadOnlyList<string> All { get; } = [NoAnswer, ServerError, NotProblemDetails, ReflectedMarkup, TemplateServed, NotAnAsset, StackTrace];

    private static readonly string[] StaticTypes = ["text/css", "text/javascript", "application/javascript", "font/woff2", "text/plain", "application/octet-stream"];

    /// <param name="body">The answer's bytes.</param>
    /// <param name="assets">The files a static answer may hold (wwwroot, page templates excepted).</param>
    public static IEnumerable<string> Broken(HostileOutcome outcome, byte[] body, IReadOnlyList<byte[]> assets)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(assets);
        if (outcome.Failure is not null)
        {
            yield return NoAnswer;
            yield break;
        }
        if (outcome.Status >= 500 && !IsDeliberate(outcome))
            yield return ServerError;
        var isApi = PathString.FromUriComponent(outcome.Request.Path).StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
        if (isApi && outcome.Status is >= 400 and < 500 && outcome.ContentType != "application/problem+json")
            yield return NotProblemDetails;
        if (outcome.ContentType == "text/html")
        {
            if (outcome.Body.Contains(HostilePayloads.ScriptMarker, StringComparison.OrdinalIgnoreCase) || outcome.Body.Contains(HostilePayloads.ImageMarker, StringComparison.OrdinalIgnoreCase))
                yield return ReflectedMarkup;
            if (Placeholder().IsMatch(outcome.Body) && !Carries(outcome.Request, "{{"))
                yield return TemplateServed;
        }
        if (!isApi && outcome.Status is 200 or 206 && StaticTypes.Contains(outcome.ContentType) && !assets.Any(asset => IsPartOf(body, asset, whole: outcome.Status == 200)))
            yield return NotAnAsset;
        if (StackFrame().IsMatch(outcome.Body))
            yield return StackTrace;
    }

    /// <summary>
    /// The two 5xx answers that are the app's design, not a fault: a host-invocation endpoint answers a failed invocation
    /// with 500 (the host then retries, and dead-letters at the max delivery count; whether such a 500 hid a crash is
    /// judged from the logs), and a health probe answers 503 when storage is slow to answer, which the corpus's load can make it.
    /// </summary>
    private static bool IsDeliberate(HostileOutcome outcome) =>
        (outcome.Request.HostInvocation && outcome.Status == StatusCodes.Status500InternalServerError)
        || (outcome.Status == StatusCodes.Status503ServiceUnavailable && outcome.Request.Route?.StartsWith("/api/health", StringComparison.OrdinalIgnoreCase) == true && outcome.ContentType == "application/problem+json");

    /// <summary>Whether the request itself sent <paramref name="text"/> (an echo of it is then no leak).</summary>
    private static bool Carries(HostileRequest request, string text) =>
        Uri.UnescapeDataString(request.Target).Contains(text, StringComparison.Ordinal)
        || (request.Body is { } sent && System.Text.Encoding.UTF8.GetString(sent).Contains(text, StringComparison.Ordinal));

    private static bool IsPartOf(byte[] body, byte[] asset, bool whole) =>
        whole ? body.AsSpan().SequenceEqual(asset) : asset.AsSpan().IndexOf(body) >= 0;

    [GeneratedRegex(@"\{\{[a-z-]+\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(\n|\\n)\s+at [\w.`<>]+[.(]")]
    private static partial Regex StackFrame();
}
