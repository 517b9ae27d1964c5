using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Storage.Notifications;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Agencies;

/// <summary>An agency works its inbox: each action changes the item, its inbox row and the citizen's status page, and tells the citizen by SMS.</summary>
public sealed class InboxActionsTests(Azurite azurite) : StaffAppTests(azurite)
{
    private static async Task<JsonElement> ActAsync(HttpClient client, string code, string action, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.SendAsync(StaffPost($"/api/inbox/items/{code}/{action}", body));
        return await JsonOf(response, expected);
    }

    private Task<IReadOnlyList<(string Text, DateTimeOffset SentAt)>> WaitForSmsAsync(FeedbackItem item, Func<string, bool> wanted) =>
        WaitAsync(async () =>
        {
            var sent = await Service<TableOutboxGateway>().ListAsync(item.PhoneHash!, CancellationToken.None);
            return sent.Any(sms => wanted(sms.Text)) ? sent : null;
        });

    [Fact]
    public async Task Resolving_with_a_reply_texts_it_to_the_citizen_and_the_status_page_shows_it_resolved()
    {
        var item = await RoutedItemAsync(Water, TehranNoon.AddHours(-2));
        using var water = await SignInAsync(WaterStaff);
        const string Reply = "لوله اصلی محله تعویض شد و آب از امروز وصل است. از صبر شما سپاسگزاریم.";

        var resolved = await ActAsync(water, item.TrackingCode.Value, "resolve", new { reply = Reply });

        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal(Reply, resolved.GetProperty("agencyReply").GetString());
        Assert.Equal(["correct"], resolved.GetProperty("actions").EnumerateArray().Select(action => action.GetString()));
        // The reply is longer than two segments hold: it goes whole.
        var expected = SmsTemplates.Resolved(item.TrackingCode, Reply, TehranNoon, Service<PublicPages>().StatusOf(item.TrackingCode));
        Assert.EndsWith(Reply, expected, StringComparison.Ordinal);
        var sent = await WaitForSmsAsync(item, text => text == expected);
        Assert.Single(sent, sms => sms.Text == expected);
        var status = await Client.GetFromJsonAsync<JsonElement>($"/api/feedback/{item.TrackingCode}");
        Assert.Equal("resolved", status.GetProperty("status").GetString());
        Assert.Contains(Reply, status.GetProperty("history").EnumerateArray().Last().GetProperty("note").GetString(), StringComparison.Ordinal);
        var stored = (await Service<IFeedbackStore>().GetAsync(item.TrackingCode, CancellationToken.None))!;
        Assert.Equal(stored.History.Count, stored.NoticesQueued);
    }

    [Fact]
    public async Task A_clerk_turns_a_case_into_feedback_and_back_and_the_item_keeps_both_changes()
    {
        var item = await RoutedItemAsync(Water, TehranNoon.AddHours(-2), text: "از همکاران شرکت آب بسیار سپاسگزارم");
        using var water = await SignInAsync(WaterStaff);

        var recorded = await ActAsync(water, item.TrackingCode.Value, "to-feedback", new { });

        Assert.Equal("recorded", recorded.GetProperty("status").GetString());
        Assert.Equal(["reassign", "correct", "to-case"], recorded.GetProperty("actions").EnumerateArray().Select(action => action.GetString()));
        var status = await Client.GetFromJsonAsync<JsonElement>($"/api/feedback/{item.TrackingCode}");
        Assert.Equal("recorded", status.GetProperty("status").GetString());

        var reopened = await ActAsync(water, item.TrackingCode.Value, "to-case", new { });

        Assert.Equal("routed", reopened.GetProperty("status").GetString());
        Assert.Contains("to-feedback", reopened.GetProperty("actions").EnumerateArray().Select(action => action.GetString()));
        var stored = (await Service<IFeedbackStore>().GetAsync(item.TrackingCode, CancellationToken.None))!;
        Assert.Equal([ItemKind.Feedback, ItemKind.Case], stored.KindChanges.Select(change => change.To));
        Assert.Equal(ItemKind.Case, stored.Assessment!.Kind);
    }

    [Fact]
    public async Task Each_step_tells_the_citizen_once_and_the_inbox_row_follows_the_status()
    {
        var day = UnusedDay();
        var item = await RoutedItemAsync(Water, day);
        using var water = await SignInAsync(WaterStaff);
        var range = $"from={JalaliDay(day)}&to={JalaliDay(day)}";

        await ActAsync(water, item.TrackingCode.Value, "acknowledge", new { });
        // Further apart than the coalescing window: each step gets its own SMS.
        Clock.Now += SmsRules.DefaultStatusCoalescing + TimeSpan.FromMinutes(1);
        await ActAsync(water, item.TrackingCode.Value, "start", new { });

        var inProgress = await JsonOf(await water.GetAsync($"/api/inbox?status=inprogress&{range}"), HttpStatusCode.OK);
        var routed = await JsonOf(await water.GetAsync($"/api/inbox?status=routed&{range}"), HttpStatusCode.OK);
        Assert.Equal(item.TrackingCode.Value, Assert.Single(inProgress.GetProperty("items").EnumerateArray()).GetProperty("trackingCode").GetString());
        Assert.Empty(routed.GetProperty("items").EnumerateArray());
        var acknowledged = SmsTemplates.StatusChanged(item.TrackingCode, NotifiedStatus.Acknowledged, null, TehranNoon);
        var started = SmsTemplates.StatusChanged(item.TrackingCode, NotifiedStatus.InProgress, null, Clock.Now);
        var sent = await WaitForSmsAsync(item, text => text == started);
        Assert.Single(sent, sms => sms.Text == acknowledged);
        Assert.Single(sent, sms => sms.Text == started);
    }

    [Fact]
    public async Task Reassigning_moves_the_item_to_the_right_agency_and_records_the_routing_mistake()
    {
        var day = UnusedDay();
        var item = await RoutedItemAsync(Water, day, text: "برق کوچه ما از دیشب قطع است");
        using var water = await SignInAsync(WaterStaff);
        using var electricity = await SignInAsync(ElectricityStaff);
        var range = $"from={JalaliDay(day)}&to={JalaliDay(day)}";

        var moved = await ActAsync(water, item.TrackingCode.Value, "reassign", new { agency = Electricity, reason = "قطعی برق است، نه آب" });

        Assert.Equal("routed", moved.GetProperty("status").GetString());
        Assert.Equal(Electricity, moved.GetProperty("agency").GetProperty("key").GetString());
        Assert.Empty(moved.GetProperty("actions").EnumerateArray());
        var waterInbox = await JsonOf(await water.GetAsync($"/api/inbox?{range}"), HttpStatusCode.OK);
        var electricityInbox = await JsonOf(await electricity.GetAsync($"/api/inbox?{range}"), HttpStatusCode.OK);
        Assert.Empty(waterInbox.GetProperty("items").EnumerateArray());
        Assert.Equal(item.TrackingCode.Value, Assert.Single(electricityInbox.GetProperty("items").EnumerateArray()).GetProperty("trackingCode").GetString());
        var detail = await JsonOf(await electricity.GetAsync($"/api/inbox/items/{item.TrackingCode}"), HttpStatusCode.OK);
        var mistake = Assert.Single(detail.GetProperty("reassignments").EnumerateArray());
        Assert.Equal(Water, mistake.GetProperty("from").GetProperty("key").GetString());
        Assert.Equal("قطعی برق است، نه آب", mistake.GetProperty("reason").GetString());
        Assert.Contains("acknowledge", detail.GetProperty("actions").EnumerateArray().Select(action => action.GetString()));
        using var waterNoLonger = await water.GetAsync($"/api/inbox/items/{item.TrackingCode}");
        Assert.Equal(HttpStatusCode.Forbidden, waterNoLonger.StatusCode);
        var stored = (await Service<IFeedbackStore>().GetAsync(item.TrackingCode, CancellationToken.None))!;
        Assert.Equal(new Reassignment(TehranNoon, Water, Electricity, "water", "قطعی برق است، نه آب", WaterStaff), Assert.Single(stored.Reassignments));
    }

    [Fact]
    public async Task A_correction_is_kept_as_labelled_data_and_the_inbox_files_the_item_under_it()
    {
        var day = UnusedDay();
        var item = await RoutedItemAsync(Water, day, text: "فشار آب طبقه سوم خیلی کم است");
        using var water = await SignInAsync(WaterStaff);

        var corrected = await ActAsync(water, item.TrackingCode.Value, "correct", new { topic = "water", sentiment = "neutral" });

        Assert.Equal("neutral", corrected.GetProperty("assessment").GetProperty("sentiment").GetString());
        Assert.Equal(1.0, corrected.GetProperty("assessment").GetProperty("sentimentConfidence").GetDouble());
        var labelled = new List<LabelledFeedback>();
        await foreach (var row in Service<ILabelStore>().ListAsync("zanjan", TehranNoon, CancellationToken.None))
            labelled.Add(row);
        Assert.Equal(new LabelledFeedback("zanjan", item.TrackingCode, item.Text, "neutral", "water", TehranNoon, WaterStaff), Assert.Single(labelled, row => row.TrackingCode == item.TrackingCode));
        var filed = await JsonOf(await water.GetAsync($"/api/inbox?sentiment=neutral&from={JalaliDay(day)}&to={JalaliDay(day)}"), HttpStatusCode.OK);
        Assert.Equal(item.TrackingCode.Value, Assert.Single(filed.GetProperty("items").EnumerateArray()).GetProperty("trackingCode").GetString());
    }

    [Fact]
    public async Task The_detail_shows_the_masked_phone_the_survey_context_the_confidence_and_the_history()
    {
        var item = await RoutedItemAsync(Water, UnusedDay(), phone: "09121234567");
        using var water = await SignInAsync(WaterStaff);

        var detail = await JsonOf(await water.GetAsync($"/api/inbox/items/{item.TrackingCode}"), HttpStatusCode.OK);

        Assert.Equal("0912***4567", detail.GetProperty("phone").GetString());
        Assert.DoesNotContain("09121234567", detail.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(item.Text, detail.GetProperty("text").GetString());
        Assert.Equal("water-connection", detail.GetProperty("survey").GetProperty("serviceCode").GetString());
        Assert.Equal(0.87, detail.GetProperty("assessment").GetProperty("topicConfidence").GetDouble());
        Assert.Equal(2, detail.GetProperty("history").GetArrayLength());
        Assert.Equal(["acknowledge", "start", "resolve", "reject", "reassign", "correct", "to-feedback", "ask"], detail.GetProperty("actions").EnumerateArray().Select(action => action.GetString()));
        Assert.Equal("no-store", (await water.GetAsync($"/api/inbox/items/{item.TrackingCode}")).Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task An_action_the_status_no_longer_allows_is_a_conflict_and_changes_nothing()
    {
        var item = await RoutedItemAsync(Water, UnusedDay());
        using var water = await SignInAsync(WaterStaff);
        await ActAsync(water, item.TrackingCode.Value, "reject", new { reason = "این درخواست به شرکت آب مربوط نیست" });

        var conflict = await ActAsync(water, item.TrackingCode.Value, "acknowledge", new { }, HttpStatusCode.Conflict);

        Assert.Contains("Rejected", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(FeedbackStatus.Rejected, (await Service<IFeedbackStore>().GetAsync(item.TrackingCode, CancellationToken.None))!.Status);
    }

    [Theory]
    [InlineData("resolve", "reply")]
    [InlineData("reject", "reason")]
    [InlineData("reassign", "agency")]
    [InlineData("correct", "topic")]
    public async Task A_bad_action_body_names_the_field(string action, string field)
    {
        var item = await RoutedItemAsync(Water, UnusedDay());
        using var water = await SignInAsync(WaterStaff);

        var problem = await ActAsync(water, item.TrackingCode.Value, action, new { reply = " ", reason = "", agency = "not-an-agency", topic = "weather" }, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Unknown_actions_and_codes_are_refused()
    {
        var item = await RoutedItemAsync(Water, UnusedDay());
        using var water = await SignInAsync(WaterStaff);

        await ActAsync(water, item.TrackingCode.Value, "delete", new { }, HttpStatusCode.NotFound);
        await ActAsync(water, "12345", "acknowledge", new { }, HttpStatusCode.BadRequest);
        await ActAsync(water, Feedback.Core.Items.TrackingCode.NewCode().Value, "acknowledge", new { }, HttpStatusCode.NotFound);
    }
}
