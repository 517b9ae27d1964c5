using Azure.Core.Pipeline;

namespace Feedback.Storage.ServiceBus;

/// <summary>Retry, timeout and batching settings of <see cref="ServiceBusSender"/>; the defaults suit production.</summary>
public sealed record ServiceBusSenderOptions
{
    /// <summary>
    /// 192 KiB per batch request. The Standard tier takes at most 256 KB in one batch (Premium: 1 MB); three
    /// quarters of the smaller limit leaves room for the service's own per-message overhead, which the JSON
    /// size does not show, so one setting is safe on both tiers.
    /// </summary>
    public const int DefaultMaxBatchRequestBytes = 192 * 1024;

    /// <summary>Retries after the first try for 408, 429, 500 and 503 answers and network failures.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First retry delay; each next one doubles, with ±20% jitter, up to <see cref="MaxRetryDelay"/>. A Retry-After header wins.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Cap of a single retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one try (request and response); a try that runs out is retried.</summary>
    public TimeSpan TryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most UTF-8 bytes of JSON one batch request may carry; larger batches are split. See <see cref="DefaultMaxBatchRequestBytes"/>.</summary>
    public int MaxBatchRequestBytes { get; init; } = DefaultMaxBatchRequestBytes;

    /// <summary>Lifetime of a SAS token; it is renewed five minutes before it ends.</summary>
    public TimeSpan SharedAccessSignatureLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Clock for SAS expiry.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The HTTP transport; null for Azure.Core's default HttpClient transport.</summary>
    public HttpPipelineTransport? Transport { get; init; }
}
