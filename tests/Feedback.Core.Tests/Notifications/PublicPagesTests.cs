using Feedback.Core.Items;
using Feedback.Core.Notifications;

namespace Feedback.Core.Tests.Notifications;

public class PublicPagesTests
{
    private static readonly TrackingCode Code = TrackingCode.FromCanonical("1234567894")!;

    [Fact]
    public void The_acknowledgement_links_the_items_own_status_page_with_the_code_filled_in()
    {
        var pages = new PublicPages(new Uri("https://feedback.zanjan.ir/"));

        Assert.Equal("https://feedback.zanjan.ir/status?code=1234567894", pages.AcknowledgementLink(Code).AbsoluteUri);
        Assert.True(SmsSegments.FitsIn(SmsTemplates.Acknowledgement(Code, "شرکت آب و فاضلاب استان زنجان", pages.AcknowledgementLink(Code)), SmsTemplates.MaxSegments));
    }

    [Fact]
    public void An_address_too_long_for_the_code_links_the_plain_status_page()
    {
        // An address whose /status page is exactly MaxStatusPageLength long: no room for "?code=…".
        var padding = new string('p', SmsTemplates.MaxStatusPageLength - "https://feedback.zanjan.ir//status".Length);
        var pages = new PublicPages(new Uri($"https://feedback.zanjan.ir/{padding}/"));

        Assert.Equal(SmsTemplates.MaxStatusPageLength, pages.StatusPage.AbsoluteUri.Length);
        Assert.Equal(pages.StatusPage, pages.AcknowledgementLink(Code));
        Assert.True(pages.StatusOf(Code).AbsoluteUri.Length > SmsTemplates.MaxStatusPageLength);
    }
}
