using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Feedback.Storage.ServiceBus;

/// <summary>
/// Signs each request with a Service Bus SAS token:
/// <c>SharedAccessSignature sr=&lt;url-encoded resource&gt;&amp;sig=&lt;url-encoded base64 HMAC-SHA256&gt;&amp;se=&lt;expiry&gt;&amp;skn=&lt;key name&gt;</c>.
/// The HMAC key is the rule's key string as UTF-8 (it is not base64-decoded) and the signed text is
/// <c>&lt;url-encoded resource&gt;\n&lt;expiry in Unix seconds&gt;</c>. The resource is the queue or topic the request
/// addresses, so both namespace-level and entity-level rules work. Tokens are cached per resource until
/// <see cref="RenewBeforeExpiry"/> before they expire.
/// </summary>
internal sealed class SharedAccessSignaturePolicy : HttpPipelineSynchronousPolicy
{
    /// <summary>Renewal margin, so a token never expires while a request (and its retries) is under way.</summary>
    public static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(5);

    private const string MessagesSegment = "/messages";

    private readonly SharedAccessKeyCredential credential;
    private readonly TimeSpan tokenLifetime;
    private readonly TimeProvider timeProvider;
    private readonly ConcurrentDictionary<string, SignedToken> tokensByResource = new(StringComparer.Ordinal);

    public SharedAccessSignaturePolicy(SharedAccessKeyCredential credential, TimeSpan tokenLifetime, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (tokenLifetime <= RenewBeforeExpiry)
        {
            throw new ArgumentOutOfRangeException(nameof(tokenLifetime), tokenLifetime, $"A SAS token has to live longer than the {RenewBeforeExpiry} renewal margin.");
        }

        this.credential = credential;
        this.tokenLifetime = tokenLifetime;
        this.timeProvider = timeProvider;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var resource = ResourceOf(message.Request.Uri.ToUri());
        var now = timeProvider.GetUtcNow();

        var token = tokensByResource.AddOrUpdate(
            resource,
            static (key, state) => state.policy.Sign(key, state.now),
            static (key, cached, state) => state.now < cached.ExpiresAt - RenewBeforeExpiry ? cached : state.policy.Sign(key, state.now),
            (policy: this, now));

        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, token.Value);
    }

    /// <summary>Builds the token for <paramref name="resource"/> valid from <paramref name="now"/> for the configured lifetime.</summary>
    internal SignedToken Sign(string resource, DateTimeOffset now)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + tokenLifetime).ToUnixTimeSeconds());
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var encodedResource = Uri.EscapeDataString(resource);

        var signature = HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(credential.Key),
            Encoding.UTF8.GetBytes(encodedResource + "\n" + expiry));

        var value = $"SharedAccessSignature sr={encodedResource}&sig={Uri.EscapeDataString(Convert.ToBase64String(signature))}"
            + $"&se={expiry}&skn={Uri.EscapeDataString(credential.KeyName)}";
        return new SignedToken(value, expiresAt);
    }

    /// <summary>The entity a request addresses: its URI without query and without the trailing <c>/messages</c>.</summary>
    private static string ResourceOf(Uri requestUri)
    {
        var resource = requestUri.GetLeftPart(UriPartial.Path);
        return resource.EndsWith(MessagesSegment, StringComparison.OrdinalIgnoreCase)
            ? resource[..^MessagesSegment.Length]
            : resource;
    }

    internal readonly record struct SignedToken(string Value, DateTimeOffset ExpiresAt);
}
