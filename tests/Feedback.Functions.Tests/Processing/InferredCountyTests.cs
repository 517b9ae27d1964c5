using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Core.Routing;
using Feedback.Functions.Agencies;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Processing;

/// <summary>Processing infers the county a message names when nobody gave one, routes by it, and never replaces a given county.</summary>
public sealed class InferredCountyTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    [Fact]
    public async Task A_message_without_a_county_gets_the_one_its_text_names_and_is_routed_by_it()
    {
        var item = await ProcessedAsync(new { text = "برق قيدار از ديشب قطعه، یخچالمون خراب شد", province = "zanjan" });

        Assert.Equal("khodabandeh", item.County);
        Assert.True(item.CountyInferred);
        Assert.Equal("zanjan-khodabandeh-electricity-distribution", item.Assessment?.AgencyKey);
    }

    [Fact]
    public async Task A_given_county_is_kept_whatever_the_text_names()
    {
        var item = await ProcessedAsync(new { text = "برق قیدار از دیشب قطعه، یخچالمون خراب شد", province = "zanjan", county = "abhar" });

        Assert.Equal("abhar", item.County);
        Assert.False(item.CountyInferred);
        Assert.Equal("zanjan-electricity-distribution", item.Assessment?.AgencyKey);
    }

    [Fact]
    public async Task A_message_naming_two_counties_keeps_no_county()
    {
        var item = await ProcessedAsync(new { text = "اتوبوس ابهر به قیدار رو حذف کردن", province = "zanjan" });

        Assert.Null(item.County);
        Assert.False(item.CountyInferred);
    }

    [Fact]
    public async Task The_staff_item_view_marks_an_inferred_county()
    {
        var item = await ProcessedAsync(new { text = "آب ماهنشان دو روزه قطعه", province = "zanjan" });
        var view = ItemView.Of(item, Service<RoutingSource>().Current, Service<PhoneProtector>(), Service<SlaPolicy>(), mayAct: false, DateTimeOffset.UtcNow);

        Assert.Equal("ماهنشان (استنباط‌شده)", view.County);
    }

    private async Task<FeedbackItem> ProcessedAsync(object body)
    {
        using var response = await Client.PostAsJsonAsync("/api/feedback", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString()!;
        var store = Service<IFeedbackStore>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var item = await store.GetAsync(TrackingCode.FromCanonical(code)!, CancellationToken.None);
            if (item is { Status: not FeedbackStatus.Received })
                return item;
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"item {code} was not processed in 30 s");
            await Task.Delay(100);
        }
    }
}
