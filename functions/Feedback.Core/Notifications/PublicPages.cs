namespace Feedback.Core.Notifications;

/// <summary>The deployment's public address, for links in SMS.</summary>
public sealed record PublicPages(Uri BaseAddress)
{
    /// <summary>The tracking-code look-up page.</summary>
    public Uri StatusPage => new(BaseAddress, "status");

    /// <summary>The status page with the tracking code filled in: it shows that item's status at once.</summary>
    public Uri StatusOf(string code) => new(BaseAddress, "status?code=" + code);

    /// <summary>
    /// The link the acknowledgement carries: the item's own status page (<see cref="StatusOf"/>) when that address fits
    /// beside the tracking code in the SMS (<see cref="SmsTemplates.MaxStatusPageLength"/>), else the plain status page.
    /// </summary>
    public Uri AcknowledgementLink(string code)
    {
        var own = StatusOf(code);
        return own.AbsoluteUri.Length <= SmsTemplates.MaxStatusPageLength ? own : StatusPage;
    }
}
