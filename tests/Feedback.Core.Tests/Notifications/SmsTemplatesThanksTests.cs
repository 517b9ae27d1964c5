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

    [Fact]
    public void Reassignment_names_the_new_agency_and_fits_with_the_longest_name_anywhere()
    {
        foreach (var agency in NationwideAgencyNames)
        {
            var text = SmsTemplates.Reassigned(Code, agency, new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero));

            AssertFits(text);
            Assert.Contains(CodeInPersian, text, StringComparison.Ordinal);
        }
        Assert.Contains("شرکت توزیع نیروی برق", SmsTemplates.Reassigned(Code, "شرکت توزیع نیروی برق", DateTimeOffset.UnixEpoch), StringComparison.Ordinal);
    }

    [Fact]
    public void Opt_out_confirmation_says_what_stops_and_what_still_comes()
    {
        var text = SmsTemplates.OptOutConfirmed();

        Assert.Contains("نظرسنجی دیگر ارسال نمی‌شود", text, StringComparison.Ordinal);
        Assert.Contains("وضعیت پیام‌های خودتان همچنان می‌رسد", text, StringComparison.Ordinal);
    }
}
