using System.Net;
using System.Text.Json;
using Feedback.Core.Agencies;
using Feedback.Core.Clients;
using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Storage.Clients;
using Feedback.Storage.Notifications;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Agencies;

/// <summary>
/// What a clerk reads: deadlines in the list (overdue marked, «تا پایان …» wording) and the list by deadline; names
/// of the service and the counter office instead of ids; and, before an action, the exact SMS the citizen will get.
/// </summary>
public sealed class ClerkViewTests(Azurite azurite) : StaffAppTests(azurite)
{
    [Fact]
    public async Task The_list_shows_each_items_deadline_and_sorts_by_it()
    {
        // Days no other test uses, years ahead: without a phone, so that no status SMS is queued for then.
        var day = UnusedDay();
        var routed = await RoutedItemAsync(Water, day, phone: null);
        var acknowledged = await RoutedItemAsync(Water, day.AddHours(1), phone: null);
        var resolved = await RoutedItemAsync(Water, day.AddHours(2), phone: null);
        Clock.Now = day.AddDays(10);
        using var water = await SignInAsync(WaterStaff);
        await JsonOf(await water.SendAsync(StaffPost($"/api/inbox/items/{acknowledged.TrackingCode}/acknowledge", new { })), HttpStatusCode.OK);
        await JsonOf(await water.SendAsync(StaffPost($"/api/inbox/items/{resolved.TrackingCode}/resolve", new { reply = "لوله تعمیر شد" })), HttpStatusCode.OK);
        var range = $"from={JalaliDay(day)}&to={JalaliDay(day)}";

        var newest = await JsonOf(await water.GetAsync($"/api/inbox?{range}"), HttpStatusCode.OK);
        var byDeadline = await JsonOf(await water.GetAsync($"/api/inbox?{range}&sort=deadline"), HttpStatusCode.OK);
        var firstTwo = await JsonOf(await water.GetAsync($"/api/inbox?{range}&sort=deadline&pageSize=2"), HttpStatusCode.OK);
        var rest = await JsonOf(await water.GetAsync($"/api/inbox?{range}&sort=deadline&pageSize=2&continuation={firstTwo.GetProperty("continuation").GetString()}"), HttpStatusCode.OK);
        using var badSort = await water.GetAsync($"/api/inbox?{range}&sort=oldest");

        Assert.Equal([resolved.TrackingCode.Value, acknowledged.TrackingCode.Value, routed.TrackingCode.Value], Codes(newest));
        Assert.Equal([routed.TrackingCode.Value, acknowledged.TrackingCode.Value, resolved.TrackingCode.Value], Codes(byDeadline));
        Assert.Equal([routed.TrackingCode.Value, acknowledged.TrackingCode.Value, resolved.TrackingCode.Value], [.. Codes(firstTwo), .. Codes(rest)]);
        var rows = byDeadline.GetProperty("items");
        var acknowledgeBy = Service<SlaPolicy>().DueAt(SlaKind.Acknowledge, Water, routed.History[^1].At);
        Assert.Equal("acknowledge", rows[0].GetProperty("deadline").GetProperty("kind").GetString());
        Assert.Equal("overdue", rows[0].GetProperty("deadline").GetProperty("state").GetString());
        Assert.Equal(SlaDeadline.Until(acknowledgeBy), rows[0].GetProperty("deadline").GetProperty("until").GetString());
        Assert.StartsWith("تا پایان ", rows[0].GetProperty("deadline").GetProperty("until").GetString(), StringComparison.Ordinal);
        Assert.Equal("resolve", rows[1].GetProperty("deadline").GetProperty("kind").GetString());
        Assert.Equal("ahead", rows[1].GetProperty("deadline").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("deadline").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
    }

    [Fact]
    public async Task The_item_names_its_service_and_counter_office_instead_of_ids()
    {
        var (_, keyHash) = ApiKeys.Create();
        var officeId = TableApiKeyStore.ClientIdOf(keyHash);
        await Service<IApiKeyStore>().SaveAsync(keyHash, new ApiClient(officeId, "دفتر پیشخوان ۱۲۳ زنجان", Provinces.ZanjanKey, Clock.GetUtcNow(), Revoked: false), CancellationToken.None);
        var routed = await RoutedItemAsync(Water, Clock.GetUtcNow().AddHours(-1));
        var item = routed with { TrackingCode = TrackingCode.NewCode(), ServiceName = "انشعاب آب", CounterOffice = officeId, SurveyId = Guid.NewGuid().ToString("N") };
        var store = Service<IFeedbackStore>();
        Assert.True(await store.TryCreateAsync(item, CancellationToken.None));
        using var water = await SignInAsync(WaterStaff);

        var shown = await JsonOf(await water.GetAsync($"/api/inbox/items/{item.TrackingCode}"), HttpStatusCode.OK);

        var survey = shown.GetProperty("survey");
        Assert.Equal("انشعاب آب", survey.GetProperty("serviceName").GetString());
        Assert.Equal("دفتر پیشخوان ۱۲۳ زنجان", survey.GetProperty("counterOfficeName").GetString());
        Assert.Equal(officeId, survey.GetProperty("counterOffice").GetString());
    }

    [Fact]
    public async Task The_preview_is_the_sms_the_citizen_then_gets_and_changes_nothing()
    {
        var item = await RoutedItemAsync(Water, Clock.GetUtcNow().AddHours(-1));
        using var water = await SignInAsync(WaterStaff);
        const string Reply = "لوله اصلی محله تعویض شد و آب از امروز وصل است.";

        var preview = await JsonOf(await water.SendAsync(StaffPost("/api/inbox/sms-preview", new { trackingCode = item.TrackingCode.Value, operation = "resolve", reply = Reply })), HttpStatusCode.OK);
        var unchanged = await Service<IFeedbackStore>().GetAsync(item.TrackingCode, CancellationToken.None);
        await JsonOf(await water.SendAsync(StaffPost($"/api/inbox/items/{item.TrackingCode}/resolve", new { reply = Reply })), HttpStatusCode.OK);

        Assert.True(preview.GetProperty("sends").GetBoolean());
        var text = preview.GetProperty("text").GetString()!;
        Assert.Equal(FeedbackStatus.Routed, unchanged!.Status);
        Assert.Equal(Feedback.Core.Notifications.SmsSegments.Count(text), preview.GetProperty("segments").GetInt32());
        var sent = await WaitAsync(async () =>
        {
            var outbox = await Service<TableOutboxGateway>().ListAsync(item.PhoneHash!, CancellationToken.None);
            return outbox.Any(sms => sms.Text == text) ? outbox : null;
        });
        Assert.Contains(sent, sms => sms.Text == text);
    }

    [Fact]
    public async Task The_preview_says_when_no_sms_goes_and_refuses_what_the_action_would_refuse()
    {
        var withoutPhone = await RoutedItemAsync(Water, Clock.GetUtcNow().AddHours(-1), phone: null);
        var other = await RoutedItemAsync(Electricity, Clock.GetUtcNow().AddHours(-1));
        using var water = await SignInAsync(WaterStaff);

        var silent = await JsonOf(await water.SendAsync(StaffPost("/api/inbox/sms-preview", new { trackingCode = withoutPhone.TrackingCode.Value, operation = "reject", reason = "در حوزه این شرکت نیست" })), HttpStatusCode.OK);
        var empty = await JsonOf(await water.SendAsync(StaffPost("/api/inbox/sms-preview", new { trackingCode = withoutPhone.TrackingCode.Value, operation = "resolve", reply = "" })), HttpStatusCode.BadRequest);
        var unknown = await JsonOf(await water.SendAsync(StaffPost("/api/inbox/sms-preview", new { trackingCode = withoutPhone.TrackingCode.Value, operation = "delete" })), HttpStatusCode.BadRequest);
        using var notOurs = await water.SendAsync(StaffPost("/api/inbox/sms-preview", new { trackingCode = other.TrackingCode.Value, operation = "resolve", reply = "x" }));

        Assert.False(silent.GetProperty("sends").GetBoolean());
        Assert.Equal(JsonValueKind.Null, silent.GetProperty("text").ValueKind);
        Assert.True(empty.GetProperty("errors").TryGetProperty("reply", out _));
        Assert.True(unknown.GetProperty("errors").TryGetProperty("operation", out _));
        Assert.Equal(HttpStatusCode.Forbidden, notOurs.StatusCode);
    }

    [Fact]
    public async Task The_preview_of_a_question_is_the_sms_the_citizen_gets_and_asks_nothing_yet()
    {
        var item = await RoutedItemAsync(Water, Clock.GetUtcNow().AddHours(-1));
        using var water = await SignInAsync(WaterStaff);
        const string Question = "لطفاً نشانی دقیق و پلاک را بفرستید.";

        var preview = await JsonOf(await water.SendAsync(StaffPost("/api/inbox/sms-preview", new { trackingCode = item.TrackingCode.Value, operation = "ask", question = Question })), HttpStatusCode.OK);
        var unchanged = await Service<IFeedbackStore>().GetAsync(item.TrackingCode, CancellationToken.None);
        var missing = await JsonOf(await water.SendAsync(StaffPost("/api/inbox/sms-preview", new { trackingCode = item.TrackingCode.Value, operation = "ask" })), HttpStatusCode.BadRequest);

        Assert.True(preview.GetProperty("sends").GetBoolean());
        Assert.Equal(Feedback.Core.Notifications.SmsTemplates.Question(item.TrackingCode, Question), preview.GetProperty("text").GetString());
        Assert.Empty(unchanged!.Questions);
        Assert.True(missing.GetProperty("errors").TryGetProperty("question", out _));
    }

    private static string[] Codes(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(row => row.GetProperty("trackingCode").GetString()!)];
}
