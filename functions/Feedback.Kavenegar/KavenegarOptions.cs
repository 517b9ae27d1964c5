namespace Feedback.Kavenegar;

/// <summary>
/// How <see cref="KavenegarClient"/> reaches Kavenegar: the account's API key, the address, the default sender line,
/// and the limits of its resilience pipeline (a per-attempt timeout, then jittered exponential retries of what is transient).
/// </summary>
public sealed class KavenegarOptions
{
    /// <summary>Kavenegar's public REST address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.kavenegar.com/");

    /// <summary>
    /// The account's API key. It travels in the URL path, so the client never logs a URL unredacted. Left empty, the first
    /// call fails with a <see cref="KavenegarFailureKind.Configuration"/> error: whether to use Kavenegar at all is the app's choice.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Where the API lives (<c>{BaseAddress}v1/{API-KEY}/{section}/{method}.json</c>); tests point it at a stand-in.</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>
    /// The sender line used when a call names none. <c>sms/send</c> may go without one (Kavenegar then uses the account's
    /// default line); <c>sms/sendarray</c> needs one for every message.
    /// </summary>
    public string? Sender { get; set; }

    /// <summary>How long one attempt may take before it is abandoned (and, if that is safe, retried).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry's median delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>No retry waits longer than this.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(8);

    internal static readonly TimeSpan ShortestRequestTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>What is wrong with these options, or null when they are usable (an empty <see cref="ApiKey"/> is reported at first use instead).</summary>
    internal string? Problem() =>
        BaseAddress is not { IsAbsoluteUri: true } ? "BaseAddress must be an absolute URI"
        : RequestTimeout < ShortestRequestTimeout || RequestTimeout > TimeSpan.FromDays(1) ? "RequestTimeout must be between 10 ms and 1 day"
        : MaxRetryAttempts < 0 ? "MaxRetryAttempts must not be negative"
        : BaseRetryDelay < TimeSpan.Zero || BaseRetryDelay > TimeSpan.FromDays(1) ? "BaseRetryDelay must be between 0 and 1 day"
        : MaxRetryDelay < BaseRetryDelay || MaxRetryDelay > TimeSpan.FromDays(1) ? "MaxRetryDelay must be at least BaseRetryDelay and at most 1 day"
        : null;
}
