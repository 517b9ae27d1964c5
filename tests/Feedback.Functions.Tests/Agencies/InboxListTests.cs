using System.Net;
using System.Text.Json;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Agencies;

/// <summary>The inbox list: newest first, filtered by the service (status, topic, sentiment, county, days) and by the Persian free-text search, a page at a time.</summary>
public sealed class InboxListTests(Azurite azurite, OneAppPerClass shared) : StaffAppTests(azurite, shared.On(azurite)), IClassFixture<OneAppPerClass>
{
    private static string[] Codes(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(row => row.GetProperty("trackingCode").GetString()!)];

    [Fact]
    public async Task Filters_narrow_the_list_and_the_search_reads_persian_however_it_was_typed()
    {
        var day = UnusedDay();
        var cut = await RoutedItemAsync(Water, day, text: "آب محله ما سه روز است قطع است", county: "abhar");
        var meter = await RoutedItemAsync(Water, day.AddHours(1), text: "كنتور آب خانه ما خراب است و قبض زياد آمده", county: "zanjan");
        var sewage = await RoutedItemAsync(Water, day.AddHours(2), text: "فاضلاب کوچه پس زده است", county: null);
        using var water = await SignInAsync(WaterStaff);
        var range = $"from={JalaliDay(day)}&to={JalaliDay(day)}";

        var all = await JsonOf(await water.GetAsync($"/api/inbox?{range}"), HttpStatusCode.OK);
        var abhar = await JsonOf(await water.GetAsync($"/api/inbox?county=abhar&{range}"), HttpStatusCode.OK);
        var searched = await JsonOf(await water.GetAsync($"/api/inbox?q={Uri.EscapeDataString("کنتور زیاد")}&{range}"), HttpStatusCode.OK);
        var otherDay = await JsonOf(await water.GetAsync($"/api/inbox?from={JalaliDay(day.AddDays(1))}&to={JalaliDay(day.AddDays(1))}"), HttpStatusCode.OK);

        Assert.Equal([sewage.TrackingCode.Value, meter.TrackingCode.Value, cut.TrackingCode.Value], Codes(all));
        Assert.Equal([cut.TrackingCode.Value], Codes(abhar));
        Assert.Equal([meter.TrackingCode.Value], Codes(searched));
        Assert.DoesNotContain(cut.TrackingCode.Value, Codes(otherDay));
    }

    [Fact]
    public async Task Pages_follow_one_another_with_the_continuation_token()
    {
        var day = UnusedDay();
        var items = new List<string>();
        for (var i = 0; i < 5; i++)
            items.Insert(0, (await RoutedItemAsync(Water, day.AddMinutes(i))).TrackingCode.Value);
        using var water = await SignInAsync(WaterStaff);
        var range = $"from={JalaliDay(day)}&to={JalaliDay(day)}";

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await JsonOf(await water.GetAsync($"/api/inbox?pageSize=2&{range}{(continuation is null ? "" : $"&continuation={continuation}")}"), HttpStatusCode.OK);
            seen.AddRange(Codes(page));
            continuation = page.GetProperty("continuation").GetString();
            pages++;
        }
        while (continuation is not null);

        Assert.Equal(items, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_search_pages_through_the_matches_only()
    {
        var day = UnusedDay();
        var matches = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var item = await RoutedItemAsync(Water, day.AddMinutes(i), text: i % 2 == 0 ? "نشت لوله آب در خیابان" : "آب قطع است");
            if (i % 2 == 0)
                matches.Insert(0, item.TrackingCode.Value);
        }
        using var water = await SignInAsync(WaterStaff);
        var query = $"q={Uri.EscapeDataString("نشت")}&pageSize=1&from={JalaliDay(day)}&to={JalaliDay(day)}";

        var first = await JsonOf(await water.GetAsync($"/api/inbox?{query}"), HttpStatusCode.OK);
        var second = await JsonOf(await water.GetAsync($"/api/inbox?{query}&continuation={first.GetProperty("continuation").GetString()}"), HttpStatusCode.OK);

        Assert.Equal(matches, [.. Codes(first), .. Codes(second)]);
    }

    [Theory]
    [InlineData("continuation=not-a-token", "continuation")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("status=received", "status")]
    [InlineData("from=1405%2F13%2F01", "from")]
    public async Task Bad_parameters_are_named(string query, string field)
    {
        using var water = await SignInAsync(WaterStaff);

        var problem = await JsonOf(await water.GetAsync($"/api/inbox?{query}"), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }
}
