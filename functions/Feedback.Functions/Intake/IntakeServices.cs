using System.Threading.RateLimiting;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Privacy;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Functions.Triggers;

namespace Feedback.Functions.Intake;

internal static class IntakeServices
{
    /// <summary>Intake: the web form, inbound SMS and counter offices; the sweeper and the inbound-SMS fetch; the web rate limits.</summary>
    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddSingleton(provider => new FeedbackIntake(
            provider.GetRequiredService<IFeedbackStore>(),
            provider.GetRequiredService<IMessageSender>(),
            provider.GetRequiredService<PhoneProtector>(),
            provider.GetRequiredService<TimeProvider>(),
            TimeSpan.FromMilliseconds(provider.PipelineSettings().IntakeLingerMilliseconds),
            BufferedCryptoRandom.Shared.Below));
        services.AddSingleton<InboundSmsFlow>();
        services.AddSingleton<DeferredIntakeLog>();
        services.AddSingleton<IntakeSweeper>();
        services.AddSingleton<ITimerTrigger, IntakeSweeperFunction>();
        services.AddSingleton<ITimerTrigger, FetchInboundSmsFunction>();
        services.AddSingleton<IntakeFirst>();
        services.AddSingleton<UnknownCodeLookups>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, _) =>
            {
                var response = context.HttpContext.Response;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                // A citizen's page is told in Persian (otherwise the status code pages write the problem).
                if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<CitizenProblems>() is { } persian)
                {
                    await Results.Problem(
                        title: "Too many requests",
                        detail: persian.Wait(StatusCodes.Status429TooManyRequests, response.Headers.RetryAfter.ToString()),
                        statusCode: StatusCodes.Status429TooManyRequests,
                        extensions: new Dictionary<string, object?> { [CitizenProblems.EnglishDetail] = "too many requests from this client; try again after Retry-After" }).ExecuteAsync(context.HttpContext);
                }
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
