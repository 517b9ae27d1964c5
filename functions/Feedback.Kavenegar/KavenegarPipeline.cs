using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Feedback.Kavenegar;

/// <summary>
/// The client's resilience pipeline (Polly): a per-attempt timeout inside jittered exponential retries of what is
/// transient. A call that sends SMS without local ids is not retried after an ambiguous failure (no usable answer), because
/// Kavenegar may have sent it; everything else transient is.
/// </summary>
internal sealed partial class KavenegarPipeline
{
    /// <summary>Whether failures that leave the outcome unknown may be retried (set per call).</summary>
    public static readonly ResiliencePropertyKey<bool> RetryAmbiguousKey = new("Feedback.Kavenegar.RetryAmbiguous");

    /// <summary>The redacted endpoint of the call, for log lines.</summary>
    public static readonly ResiliencePropertyKey<string> EndpointKey = new("Feedback.Kavenegar.Endpoint");

    private readonly ILogger logger;

    public KavenegarPipeline(KavenegarOptions options, ILogger<KavenegarClient> logger)
    {
        this.logger = logger;
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseRetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = arguments => ValueTask.FromResult(
                    ShouldRetry(arguments.Outcome.Exception, arguments.Context.Properties.GetValue(RetryAmbiguousKey, false))),
                OnRetry = arguments =>
                {
                    LogRetrying(
                        this.logger,
                        arguments.Context.Properties.GetValue(EndpointKey, ""),
                        arguments.AttemptNumber + 1,
                        Describe(arguments.Outcome.Exception),
                        (long)arguments.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        Pipeline = builder.AddTimeout(options.RequestTimeout).Build();
    }

    public ResiliencePipeline Pipeline { get; }

    /// <summary>Whether a transport failure happened before the request could have reached Kavenegar.</summary>
    public static bool FailedBeforeSending(HttpRequestException exception) => exception.HttpRequestError is
        HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or
        HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    /// <summary>A reason for a log line that cannot carry the key: no exception's message is copied unless it is the client's own.</summary>
    public static string Describe(Exception? exception) => exception switch
    {
        KavenegarException kavenegar => kavenegar.Message,
        TimeoutRejectedException => "no answer in time",
        HttpRequestException transport => $"transport failure ({transport.HttpRequestError})",
        null => "no exception",
        _ => exception.GetType().Name,
    };

    private static bool ShouldRetry(Exception? exception, bool retryAmbiguous) => exception switch
    {
        KavenegarException kavenegar => kavenegar.Kind == KavenegarFailureKind.Transient && (retryAmbiguous || !kavenegar.OutcomeUnknown),
        TimeoutRejectedException => retryAmbiguous,
        HttpRequestException transport => retryAmbiguous || FailedBeforeSending(transport),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kavenegar {Endpoint} attempt {Attempt} failed ({Reason}); retrying in {DelayMilliseconds} ms")]
    private static partial void LogRetrying(ILogger logger, string endpoint, int attempt, string reason, long delayMilliseconds);
}
