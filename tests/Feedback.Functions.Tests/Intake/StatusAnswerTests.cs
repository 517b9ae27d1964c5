using System.Net;
using System.Text.Json;
using Feedback.Functions.Tests.Agencies;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Intake;

/// <summary>The citizen's status look-up answers first: the agency's answer, the topic, and by when an answer is due.</summary>
public sealed class StatusAnswerTests(Azurite azurite) : StaffAppTests(azurite)
{
    [Fact]
    public async Task An_open_item_shows_its_topic_and_the_last_day_the_agency_has_to_answer()
    {
        // Routed on Saturday 1405/08/30: 15 working days (Thursdays and Fridays off) end with Saturday 1405/09/21,
        // and the deadline is the start of the 22nd: the page says «until the end of» the 21st.
        var item = await RoutedItemAsync(Water, TehranNoon);

        var view = await StatusAsync(item.TrackingCode.Value);

        Assert.Equal("آب و فاضلاب", view.GetProperty("topicName").GetString());
        Assert.Equal("۱۴۰۵/۰۹/۲۱", view.GetProperty("answerExpectedBy").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("answer").ValueKind);
    }

    [Fact]
    public async Task A_resolved_item_shows_the_agency_answer_and_no_date_to_wait_for()
    {
        var item = await RoutedItemAsync(Water, TehranNoon);
        using var water = await SignInAsync(WaterStaff);
        using (var resolved = await water.SendAsync(StaffPost($"/api/inbox/items/{item.TrackingCode}/resolve", new { reply = "لوله اصلی محله تعمیر شد." })))
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);

        var view = await StatusAsync(item.TrackingCode.Value);

        Assert.Equal("لوله اصلی محله تعمیر شد.", view.GetProperty("answer").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("answerExpectedBy").ValueKind);
    }

    private async Task<JsonElement> StatusAsync(string code)
    {
        using var response = await Client.GetAsync(new Uri($"/api/feedback/{code}", UriKind.Relative));
        return await JsonOf(response, HttpStatusCode.OK);
    }
}
