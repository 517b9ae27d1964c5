namespace Feedback.Core.Notifications;

/// <summary>The deployment's public address, for links in SMS.</summary>
public sealed record PublicPages(Uri BaseAddress)
{
    /// <summary>The tracking-code look-up page.</summary>
    public Uri StatusPage => new(BaseAddress, "status");
}
