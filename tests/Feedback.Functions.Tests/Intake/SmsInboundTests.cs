using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests.Intake;

/// <summary>Kavenegar's inbound forwarding against a real Azurite: secret, validation, rating digits, and one item however often a message arrives.</summary>
public sealed class SmsInboundTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    private static readonly string[] Services = ["tables", "queues"];

    private string Secret => Factory.Settings["Feedback:SmsInboundSecret"]!;

    [Fact]
    public async Task The_same_message_delivered_three_times_makes_one_item()
    {
        var messageId = Guid.NewGuid().ToString("N");
        var form = new Dictionary<string, string>
        {
            ["messageid"] = messageId,
            ["from"] = "+98 912 111 2233",
            ["to"] = "10004346",
            ["message"] = "۲ فشار گاز خونه ما خیلی پایینه شوفاژا گرم نمیشن",
        };

        var deliveries = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await Client.PostAsync(new Uri($"/api/sms/inbound/{Secret}", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString();
        }));

        var code = Assert.Single(deliveries.Distinct());
        var item = await Service<IFeedbackStore>().GetAsync(TrackingCode.FromCanonical(code!)!, CancellationToken.None);
        Assert.NotNull(item);
        Assert.Equal(2, item.Rating);
        Assert.Equal("فشار گاز خونه ما خیلی پایینه شوفاژا گرم نمیشن", item.Text);
        Assert.Equal(FeedbackChannel.Sms, item.Channel);
        Assert.DoesNotContain("9121112233", item.EncryptedPhone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivery_after_its_answer_gets_its_code_with_no_survey_look_up_or_other_intake_request()
    {
        var form = new Dictionary<string, string>
        {
            ["messageid"] = Guid.NewGuid().ToString("N"),
            ["from"] = "+98 912 111 4455",
            ["to"] = "10004346",
            ["message"] = "آب لوله کشی محله ما سه روز است قطع است",
        };
        var first = await ForwardAsync(form);
        var before = await Client.GetFromJsonAsync<JsonElement>("/dev/requests");

        var again = await ForwardAsync(form);

        var after = await Client.GetFromJsonAsync<JsonElement>("/dev/requests");
        Assert.Equal(first, again);
        Assert.Equal(IntakeSmsRequests(before), IntakeSmsRequests(after));
    }

    /// <summary>
    /// The Table and Queue requests intake made for inbound SMS (a survey look-up there among them), by the counter's caller.
    /// Processing's own requests are not counted: the first forward's item may be processed between the two readings.
    /// </summary>
    private static long IntakeSmsRequests(JsonElement counts) =>
        Services.Sum(service => counts.GetProperty(service).GetProperty("byCaller").EnumerateObject()
            .Where(count => count.Name.Contains("@intake sms", StringComparison.Ordinal))
            .Sum(count => count.Value.GetInt64()));

    [Fact]
    public async Task One_message_id_with_other_senders_or_texts_is_no_redelivery_and_each_is_kept()
    {
        var messageId = Guid.NewGuid().ToString("N");
        var forwards = Enumerable.Range(1, 5).Select(index => new Dictionary<string, string>
        {
            ["messageid"] = messageId,
            ["from"] = $"0912111330{index}",
            ["to"] = "10004346",
            ["message"] = $"پیام شماره {index} درباره قطعی آب محله",
        }).Append(new Dictionary<string, string>
        {
            ["messageid"] = messageId,
            ["from"] = "09121113301",
            ["to"] = "10004346",
            ["message"] = "پیامی دیگر از همان فرستنده درباره برق",
        }).ToArray();

        var codes = new List<string>();
        foreach (var form in forwards)
            codes.Add(await ForwardAsync(form));
        var again = await ForwardAsync(forwards[2]);

        Assert.Equal(6, codes.Distinct().Count());
        Assert.Equal(codes[2], again);
        foreach (var (code, form) in codes.Zip(forwards))
            Assert.Equal(form["message"], (await Service<IFeedbackStore>().GetAsync(TrackingCode.FromCanonical(code)!, CancellationToken.None))!.Text);
    }

    [Theory]
    [InlineData("09121113401", "۴، کوچه بن‌بست دوم", 4, "کوچه بن‌بست دوم", true)]
    [InlineData("09121113402", "۵", 5, "۵", false)]
    [InlineData("09121113403", "آب محله از صبح قطع است", null, "آب محله از صبح قطع است", false)]
    public async Task A_message_whose_rating_was_parsed_off_is_kept_as_written_and_sealed(string from, string message, int? rating, string text, bool keptAsWritten)
    {
        var code = await ForwardAsync(new Dictionary<string, string> { ["messageid"] = Guid.NewGuid().ToString("N"), ["from"] = from, ["to"] = "10004346", ["message"] = message });

        var item = (await Service<IFeedbackStore>().GetAsync(TrackingCode.FromCanonical(code)!, CancellationToken.None))!;
        Assert.Equal(rating, item.Rating);
        Assert.Equal(text, item.Text);
        Assert.Equal(keptAsWritten, item.EncryptedMessage is not null);
        if (item.EncryptedMessage is { } kept)
        {
            Assert.DoesNotContain(text, kept, StringComparison.Ordinal);
            Assert.Equal(message, Service<PhoneProtector>().DecryptText(kept));
        }
    }

    private async Task<string> ForwardAsync(Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await Client.PostAsync(new Uri($"/api/sms/inbound/{Secret}", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString()!;
    }

    [Fact]
    public async Task The_secret_is_accepted_in_the_query_where_the_hosts_request_telemetry_does_not_keep_it()
    {
        var fields = $"messageid={Guid.NewGuid():N}&from=09121112235&to=10004346&message={Uri.EscapeDataString("گاز محله از صبح قطع است")}";

        using var get = await Client.GetAsync(new Uri($"/api/sms/inbound?secret={Secret}&{fields}", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["messageid"] = Guid.NewGuid().ToString("N"), ["from"] = "09121112236", ["to"] = "10004346", ["message"] = "آب محله از صبح قطع است" });
        using var post = await Client.PostAsync(new Uri($"/api/sms/inbound?secret={Secret}", UriKind.Relative), form);
        using var wrong = await Client.GetAsync(new Uri($"/api/sms/inbound?secret=not-the-secret&{fields}", UriKind.Relative));
        using var none = await Client.GetAsync(new Uri($"/api/sms/inbound?{fields}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact]
    public async Task A_get_forward_is_accepted_too()
    {
        var query = $"messageid={Guid.NewGuid():N}&from=09121112234&to=10004346&message={Uri.EscapeDataString("برق محله از دیشب قطعه")}";

        using var response = await Client.GetAsync(new Uri($"/api/sms/inbound/{Secret}?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("wrong-secret", "from=09121112233&to=1000&message=x", HttpStatusCode.Unauthorized, "secret")]
    [InlineData(null, "from=02188776655&to=1000&message=salam", HttpStatusCode.BadRequest, "from")]
    [InlineData(null, "from=09121112233&message=salam", HttpStatusCode.BadRequest, "to")]
    [InlineData(null, "from=09121112233&to=1000&message=", HttpStatusCode.BadRequest, "message")]
    public async Task A_bad_forward_gets_problem_details(string? secret, string query, HttpStatusCode expected, string named)
    {
        using var response = await Client.GetAsync(new Uri($"/api/sms/inbound/{secret ?? Secret}?{query}", UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
