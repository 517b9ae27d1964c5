using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Functions.Routing;
using Feedback.Storage.Routing;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Routing;

/// <summary>The routing in force comes from the RoutingRules table: seeded locally, and an edit takes effect without a restart.</summary>
public sealed class RoutingDataTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    [Fact]
    public async Task An_edited_rule_routes_the_next_item_without_a_restart()
    {
        await Service<RoutingRefresher>().FirstRefresh;
        await Service<TableRoutingStore>().EnsureTableAsync(CancellationToken.None);
        var demo = DemoRoutingData.Data;
        var edited = demo with
        {
            Rules = [.. demo.Rules.Where(rule => rule.TopicKey != "water"), new RoutingRule("zanjan", "water", "zanjan-governorate-secretariat")],
        };
        await Service<IRoutingStore>().SaveAsync(edited, CancellationToken.None);

        await Service<RoutingRefresher>().RefreshAsync(CancellationToken.None);
        var item = await SubmitAndWaitAsync("سه روزه آب محله ما قطعه و هیچکس جواب نمیده");

        Assert.Equal("water", item.Assessment!.Topic);
        Assert.Equal("zanjan-governorate-secretariat", item.Assessment.AgencyKey);

        await Service<IRoutingStore>().SaveAsync(demo, CancellationToken.None);
        await Service<RoutingRefresher>().RefreshAsync(CancellationToken.None);
        Assert.Equal("zanjan-water-wastewater", (await SubmitAndWaitAsync("سه روزه آب محله ما قطعه و هیچکس جواب نمیده")).Assessment!.AgencyKey);
    }

    [Fact]
    public async Task Stored_data_that_makes_no_valid_table_is_refused_and_the_last_good_routing_kept()
    {
        await Service<RoutingRefresher>().FirstRefresh;
        var store = Service<TableRoutingStore>();
        await store.EnsureTableAsync(CancellationToken.None);
        await store.SaveAsync(DemoRoutingData.Data, CancellationToken.None);
        var source = Service<RoutingSource>();
        var before = source.Current;
        var broken = new TableEntity("rule", "zanjan|*|water") { ["Agency"] = "zanjan-missing" };
        await Service<TableServiceClient>().GetTableClient(TableRoutingStore.RoutingTable).UpsertEntityAsync(broken, TableUpdateMode.Replace, CancellationToken.None);

        await Service<RoutingRefresher>().RefreshAsync(CancellationToken.None);

        Assert.Same(before, source.Current);
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(new RoutingData([], [new RoutingRule("zanjan", "water", "zanjan-missing")], []), CancellationToken.None));
        await store.SaveAsync(DemoRoutingData.Data, CancellationToken.None);
    }

    private async Task<FeedbackItem> SubmitAndWaitAsync(string text)
    {
        using var response = await Client.PostAsJsonAsync("/api/feedback", new { text, province = "zanjan" });
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString()!;
        for (var tries = 0; tries < 150; tries++)
        {
            if (await Service<IFeedbackStore>().GetAsync(TrackingCode.FromCanonical(code)!, CancellationToken.None) is { Status: FeedbackStatus.Routed } item)
                return item;
            await Task.Delay(200);
        }
        throw new TimeoutException($"{code} was not routed");
    }
}
