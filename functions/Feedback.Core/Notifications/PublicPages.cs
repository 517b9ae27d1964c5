using Feedback.Core.Items;

namespace Feedback.Core.Notifications;

/// <summary>The deployment's public address, for links in SMS.</summary>
public sealed record PublicPages(Uri BaseAddress)
{
    /// <summary>The tracking-code look-up page.</summary>
    public Uri StatusPage => new(BaseAddress, "status");

    /// <summary>The status page opened at one item (<c>/status?code=…</c>): the page looks the code up at once and shows the agency's answer first.</summary>
    public Uri StatusOf(TrackingCode trackingCode)
    {
        ArgumentNullException.ThrowIfNull(trackingCode);
        return new(BaseAddress, $"status?code={trackingCode.Value}");
    }

    /// <summary>
    /// The link the acknowledgement carries: the item's own status page (<see cref="StatusOf"/>) when that address fits
    /// beside the tracking code in the SMS (<see cref="SmsTemplates.MaxStatusPageLength"/>), else the plain status page.
    /// </summary>
    public Uri AcknowledgementLink(TrackingCode code)
    {
        var own = StatusOf(code);
        return own.AbsoluteUri.Length <= SmsTemplates.MaxStatusPageLength ? own : StatusPage;
    }
}
