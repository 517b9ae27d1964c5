using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Feedback.Functions.Telemetry;

/// <summary>
/// Names ASP.NET Core's activity of each request after its route and tags it with the method, the route and the
/// status code (OpenTelemetry's HTTP conventions), which ASP.NET Core itself leaves out. Never the path or the query:
/// the SMS webhooks carry their secret in the path, and Kavenegar's inbound SMS the citizen's number in the query.
/// First in the pipeline, so that it also sees what the rate limiter and the exception handler answered.
/// </summary>
internal sealed class RequestActivityTags : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                Tag(context);
            }
        });
        next(app);
    };

    private static void Tag(HttpContext context)
    {
        if (context.Features.Get<IHttpActivityFeature>()?.Activity is not { IsAllDataRequested: true } activity)
            return;
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var method = context.Request.Method;
        var status = context.Response.StatusCode;
        activity.DisplayName = route is null ? method : $"{method} {route}";
        activity.SetTag("http.request.method", method);
        if (route is not null)
            activity.SetTag("http.route", route);
        activity.SetTag("http.response.status_code", status);
        if (status >= 500)
            activity.SetStatus(ActivityStatusCode.Error);
    }
}
