using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Feedback.Core.Items;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Intake;

/// <summary>The web form's path end to end, against a real Azurite: accepted, stored, classified, routed, visible by its code.</summary>
public sealed class WebFeedbackFlowTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    [Fact]
    public async Task A_web_message_is_accepted_routed_and_visible_by_its_tracking_code()
    {
        using var response = await Client.PostAsJsonAsync("/api/feedback", new
        {
            text = "سه روزه آب محله ما قطعه و هیچکس جواب نمیده",
            phone = "۰۹۱۲ ۳۴۵ ۶۷۸۹",
            province = "zanjan",
            county = "abhar",
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString()!;
        Assert.Matches("^[1-9][0-9]{9}$", code);

        var status = await WaitForStatusAsync(code, "routed");
        Assert.Equal("water", status.GetProperty("topic").GetString());
        Assert.False(string.IsNullOrEmpty(status.GetProperty("agency").GetString()));
        Assert.Equal(2, status.GetProperty("history").GetArrayLength());
        Assert.DoesNotContain("3456789", status.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_mistyped_codes_are_told_apart()
    {
        var valid = TrackingCode.NewCode().Value;
        var wrongCheckDigit = valid[..^1] + (char)('0' + ((valid[^1] - '0' + 1) % 10));

        using var unknown = await Client.GetAsync(new Uri($"/api/feedback/{valid}", UriKind.Relative));
        using var mistyped = await Client.GetAsync(new Uri($"/api/feedback/{wrongCheckDigit}", UriKind.Relative));
        using var malformed = await Client.GetAsync(new Uri("/api/feedback/12345", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mistyped.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", mistyped.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadRequests() => new()
    {
        { "application/json", "{\"text\": \"آب نداریم\"", HttpStatusCode.BadRequest, "body" },
        { "text/plain", "{\"text\": \"آب نداریم\", \"province\": \"zanjan\"}", HttpStatusCode.UnsupportedMediaType, "application/json" },
        { "application/json", "{\"text\": \"آب نداریم\", \"province\": \"zanjan\", \"rating\": \"five\"}", HttpStatusCode.BadRequest, "rating" },
        { "application/json", "{\"text\": \"آب نداریم\", \"province\": \"zanjan\", \"rating\": 9}", HttpStatusCode.BadRequest, "rating" },
        { "application/json", "{\"text\": \"آب نداریم\", \"province\": \"atlantis\"}", HttpStatusCode.BadRequest, "province" },
        { "application/json", "{\"text\": \"آب نداریم\", \"province\": \"tehran\"}", HttpStatusCode.BadRequest, "not served" },
        { "application/json", "{\"text\": \"آب نداریم\", \"province\": \"zanjan\", \"agency\": \"no-such-agency\"}", HttpStatusCode.BadRequest, "agency" },
        { "application/json", "{\"text\": \"آب نداریم\", \"province\": \"zanjan\", \"serviceCode\": \"a\u0000b\"}", HttpStatusCode.BadRequest, "serviceCode" },
        { "application/json", "{\"text\": \"آب نداریم\", \"province\": \"zanjan\", \"county\": \"shiraz\"}", HttpStatusCode.BadRequest, "county" },
        { "application/json", "{\"text\": \"آب نداریم\", \"province\": \"zanjan\", \"phone\": \"02188776655\"}", HttpStatusCode.BadRequest, "phone" },
        { "application/json", "{\"text\": \"   \", \"province\": \"zanjan\"}", HttpStatusCode.BadRequest, "text" },
        { "application/json", "{\"text\": \"آب\\u0007نداریم\", \"province\": \"zanjan\"}", HttpStatusCode.BadRequest, "text" },
        { "application/json", "{\"text\": \"" + new string('آ', 2001) + "\", \"province\": \"zanjan\"}", HttpStatusCode.BadRequest, "text" },
        { "application/json", "{\"text\": \"" + new string('a', 17_000) + "\", \"province\": \"zanjan\"}", HttpStatusCode.RequestEntityTooLarge, "16384" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_gets_problem_details_naming_what_is_wrong(string contentType, string body, HttpStatusCode expected, string named)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await Client.PostAsync(new Uri("/api/feedback", UriKind.Relative), content);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> WaitForStatusAsync(string code, string expected)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await Client.GetFromJsonAsync<JsonElement>($"/api/feedback/{code}");
            if (status.GetProperty("status").GetString() == expected)
                return status;
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"item {code} stayed '{status.GetProperty("status").GetString()}', expected '{expected}'");
            await Task.Delay(100);
        }
    }
}
