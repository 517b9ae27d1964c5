using Feedback.Core.Notifications;

namespace Feedback.Core.Tests.Notifications;

public partial class SmsTemplatesTests
{
    [Fact]
    public void Thanks_says_thank_you_not_referred_and_fits_with_the_longest_status_page()
    {
        var longestPage = new Uri("https://feedback.zanjan.ir/" + new string('s', SmsTemplates.MaxStatusPageLength - "https://feedback.zanjan.ir/".Length));

        var text = SmsTemplates.Thanks(Code, longestPage);

        AssertFits(text);
        Assert.Contains("سپاس", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ارجاع", text, StringComparison.Ordinal);
        Assert.Contains(CodeInPersian, text, StringComparison.Ordinal);
        Assert.EndsWith(longestPage.AbsoluteUri, text, StringComparison.Ordinal);
    }
}
