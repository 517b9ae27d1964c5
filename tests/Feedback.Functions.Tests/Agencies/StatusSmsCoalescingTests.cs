using System.Globalization;
using System.Net;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Time;
using Feedback.Storage.Notifications;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Agencies;

/// <summary>
/// Status changes close together reach the citizen as one SMS with the latest state, through the running app and its
/// real queue: the app's clock is the real time here (the queue schedules in real time), with quiet hours moved away
/// from it, and a coalescing window of 15 seconds.
/// </summary>
[Collection(SecondAzurite.Collection)]
public sealed class StatusSmsCoalescingTests(Azurite azurite) : StaffAppTests(azurite)
{
    /// <summary>The acknowledgement's and the start's history steps (after received and routed).</summary>
    private static readonly int[] EarlierSteps = [2, 3];

    public override async Task InitializeAsync()
    {
        Clock.Now = DateTimeOffset.UtcNow;
        var tehran = TimeZoneInfo.ConvertTime(Clock.Now, TehranTime.Zone);
        Factory.Settings["Feedback:QuietHoursStart"] = tehran.AddHours(10).ToString("HH:mm", CultureInfo.InvariantCulture);
        Factory.Settings["Feedback:QuietHoursEnd"] = tehran.AddHours(11).ToString("HH:mm", CultureInfo.InvariantCulture);
        Factory.Settings["Feedback:StatusSmsCoalesceMinutes"] = "0.25";
        await base.InitializeAsync();
    }

    [Fact]
    public async Task Acknowledged_started_and_resolved_at_once_send_the_citizen_one_sms_with_the_resolution()
    {
        var phone = "0912" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var item = await RoutedItemAsync(Water, Clock.Now.AddHours(-1), phone: phone);
        using var water = await SignInAsync(WaterStaff);
        const string Reply = "لوله اصلی محله تعمیر شد و آب وصل است.";

        foreach (var (action, body) in new (string, object)[] { ("acknowledge", new { }), ("start", new { }), ("resolve", new { reply = Reply }) })
        {
            using var response = await water.SendAsync(StaffPost($"/api/inbox/items/{item.TrackingCode}/{action}", body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The two earlier steps wait out the window on the queue, then are dropped for the later one.
        var sms = Service<ISmsStore>();
        var superseded = await WaitAsync(async () =>
        {
            var earlier = await Task.WhenAll(EarlierSteps.Select(step => sms.GetAsync(item.PhoneHash!, $"{item.TrackingCode}-status-{step}", CancellationToken.None)));
            return earlier.All(record => record?.IsSettled == true) ? earlier : null;
        });
        Assert.All(superseded, record => Assert.Equal(SmsState.Blocked, record!.State));
        var sent = await Service<TableOutboxGateway>().ListAsync(item.PhoneHash!, CancellationToken.None);
        // One status SMS; the resolution survey that follows a resolution is not a status SMS.
        var statusSent = sent.Select(message => message.Text).Where(text => text != SmsTemplates.ResolutionSurvey(item.TrackingCode));
        Assert.Equal([SmsTemplates.StatusChanged(item.TrackingCode, NotifiedStatus.Resolved, Reply, Clock.Now)], statusSent);
        Assert.Equal(FeedbackStatus.Resolved, (await Service<IFeedbackStore>().GetAsync(item.TrackingCode, CancellationToken.None))!.Status);
    }
}
