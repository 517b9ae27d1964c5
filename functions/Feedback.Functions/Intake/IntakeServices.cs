using System.Threading.RateLimiting;
using Feedback.Core.Intake;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Functions.Triggers;

namespace Feedback.Functions.Intake;

internal static class IntakeServices
{
    /// <summary>Intake: the web form, inbound SMS and counter offices; the sweeper and the inbound-SMS fetch; the web rate limits.</summary>
    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddSingleton<FeedbackIntake>();
        services.AddSingleton<InboundSmsFlow>();
        services.AddSingleton<IntakeSweeper>();
        services.AddSingleton<ITimerTrigger, IntakeSweeperFunction>();
        services.AddSingleton<ITimerTrigger, FetchInboundSmsFunction>();
        services.AddSingleton<IntakeFirst>();
        services.AddSingleton<UnknownCodeLookups>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            // The form and the status look-up keep a budget each: reading statuses never uses up a citizen's sending.
            foreach (var policy in (string[])[IntakeEndpoints.WebRateLimitPolicy, IntakeEndpoints.StatusRateLimitPolicy])
            {
                limiter.AddPolicy(policy, context => RateLimitPartition.GetFixedWindowLimiter(
                    ClientAddress.Key(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = context.RequestServices.PipelineSettings().WebRequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            }
        });
        return services;
    }
}
