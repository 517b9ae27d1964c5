using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Feedback.Functions.Access;

/// <summary>
/// The local run's sign-in session: a cookie naming the demo user, signed with a key made when the app starts
/// (so it cannot be forged or edited, and a restart signs everyone out), valid for <see cref="Lifetime"/>.
/// HttpOnly (scripts never see it) and SameSite=Strict (no other site's page sends it).
/// </summary>
internal sealed class DevSession(TimeProvider clock)
{
    public const string CookieName = "feedback-staff";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public void Issue(HttpResponse response, string userId)
    {
        ArgumentNullException.ThrowIfNull(response);
        var payload = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(userId))}.{(clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        response.Cookies.Append(CookieName, $"{payload}.{Signature(payload)}", Options(response.HttpContext.Request));
    }

    public static void Clear(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(CookieName, Options(response.HttpContext.Request));
    }

    /// <summary>The user id of a valid, unexpired session cookie; null otherwise.</summary>
    public string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cookies[CookieName] is not { Length: > 0 and < 1024 } cookie)
            return null;
        var parts = cookie.Split('.');
        if (parts.Length != 3)
            return null;
        var payload = $"{parts[0]}.{parts[1]}";
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(payload)), Encoding.ASCII.GetBytes(parts[2])))
            return null;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || clock.GetUtcNow().ToUnixTimeSeconds() >= expires)
            return null;
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string Signature(string payload) => Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));

    private static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        MaxAge = Lifetime,
        IsEssential = true,
    };
}
