using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Testing;

namespace Feedback.Core.Tests.Intake;

public class RecentSmsTests
{
    private static readonly PhoneHash Phone = new("phone-hash");

    [Fact]
    public void An_sms_is_found_by_its_key_until_its_lifetime_is_over()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-12-07T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var recent = new RecentSms(clock);
        var code = TrackingCode.NewCode();

        recent.Add("mid-1", code, Phone, "text-hash");

        Assert.Equal(code, recent.Find("mid-1")?.Code);
        Assert.Null(recent.Find("mid-2"));
        clock.Now += RecentSms.Lifetime;
        Assert.Null(recent.Find("mid-1"));
    }

    [Fact]
    public void Beyond_its_capacity_the_oldest_sms_are_forgotten()
    {
        var recent = new RecentSms(TimeProvider.System);

        for (var index = 0; index <= RecentSms.Capacity; index++)
            recent.Add($"mid-{index}", TrackingCode.NewCode(), Phone, "text-hash");

        Assert.Null(recent.Find("mid-0"));
        Assert.NotNull(recent.Find("mid-1"));
        Assert.NotNull(recent.Find($"mid-{RecentSms.Capacity}"));
    }
}
