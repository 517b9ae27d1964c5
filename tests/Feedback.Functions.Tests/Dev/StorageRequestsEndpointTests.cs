using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Dev;

/// <summary>/dev/requests: what the app's Table and Queue clients have sent, for the load test's figure per message.</summary>
public sealed class StorageRequestsEndpointTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    [Fact]
    public async Task An_accepted_feedback_is_counted_in_the_table_and_queue_requests()
    {
        var (before, after) = await CountsAroundFeedbackAsync("آسفالت کوچه ما دو ماه است نیمه کاره مانده");

        Assert.True(Total(after, "tables") > Total(before, "tables"), $"table requests {Total(before, "tables")} → {Total(after, "tables")}");
        Assert.True(Kind(after, "queues", "send") > Kind(before, "queues", "send"), "the intake's enqueue is counted as a send");
        Assert.Equal(Total(after, "tables") + Total(after, "queues"), after.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_web_feedback_s_insert_and_hand_over_are_counted_for_the_endpoint_that_accepted_it()
    {
        var (before, after) = await CountsAroundFeedbackAsync("چراغ های خیابان اصلی محله ما یک هفته است خاموش است");

        Assert.Equal(1, ByCaller(after, "tables", "FeedbackItems insert @intake web") - ByCaller(before, "tables", "FeedbackItems insert @intake web"));
        Assert.Equal(1, ByCaller(after, "queues", "feedback-intake send @intake web") - ByCaller(before, "queues", "feedback-intake send @intake web"));
    }

    [Fact]
    public async Task An_sms_intake_stores_and_hands_over_its_item_and_looks_up_no_survey()
    {
        var before = await CountsAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["messageid"] = Guid.NewGuid().ToString("N"), ["from"] = "09125550190", ["to"] = "10004346", ["message"] = "۴ صف نانوایی محله ما خیلی طولانی است" });
        using var forwarded = await Client.PostAsync($"/api/sms/inbound/{Factory.Settings["Feedback:SmsInboundSecret"]}", form);
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        var after = await CountsAsync();

        Assert.Equal(1, ByCaller(after, "tables", "FeedbackItems(shard) batch @intake sms") - ByCaller(before, "tables", "FeedbackItems(shard) batch @intake sms"));
        Assert.Equal(1, ByCaller(after, "queues", "feedback-intake send @intake sms") - ByCaller(before, "queues", "feedback-intake send @intake sms"));
        var surveys = after.GetProperty("tables").GetProperty("byCaller").EnumerateObject()
            .Where(caller => caller.Name.StartsWith("Surveys ", StringComparison.Ordinal) && caller.Name.EndsWith("@intake sms", StringComparison.Ordinal));
        Assert.Empty(surveys);
    }

    [Fact]
    public async Task Outside_local_mode_it_does_not_exist()
    {
        using var factory = new FeedbackAppFactory();
        factory.Settings["Feedback:Mode"] = "Azure";
        factory.Settings["Feedback:StorageAccountName"] = "stfeedbacktest";
        factory.Settings["Feedback:ServiceBusNamespace"] = "sb-feedback-test.servicebus.windows.net";
        factory.Settings["Feedback:Kavenegar:ApiKey"] = "not-a-real-key";
        factory.Settings["Feedback:SmsDeliverySecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/dev/requests");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<JsonElement> CountsAsync() => await Client.GetFromJsonAsync<JsonElement>("/dev/requests");

    /// <summary>The counts before and after one web feedback with <paramref name="text"/> is accepted.</summary>
    private async Task<(JsonElement Before, JsonElement After)> CountsAroundFeedbackAsync(string text)
    {
        var before = await CountsAsync();
        using var submitted = await Client.PostAsJsonAsync("/api/feedback", new { text, province = "zanjan" });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        return (before, await CountsAsync());
    }

    private static long Total(JsonElement counts, string service) => counts.GetProperty(service).GetProperty("total").GetInt64();

    private static long ByCaller(JsonElement counts, string service, string key) =>
        counts.GetProperty(service).GetProperty("byCaller").TryGetProperty(key, out var count) ? count.GetInt64() : 0;

    private static long Kind(JsonElement counts, string service, string kind) =>
        counts.GetProperty(service).GetProperty("byKind").TryGetProperty(kind, out var count) ? count.GetInt64() : 0;
}
