using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Feedback.Core.Clients;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Time;
using Feedback.Kavenegar.StandIn;
using Feedback.Storage.Clients;
using Feedback.Storage.Notifications;
using Feedback.Storage.Surveys;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Surveys;

/// <summary>A completed service, its survey SMS, and the citizen's reply, through the running app with Kavenegar's stand-in.</summary>
public sealed class SurveyFlowTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    /// <summary>12:00 in Tehran.</summary>
    private static readonly DateTimeOffset TehranNoon = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private readonly ManualClock clock = new(TehranNoon);
    private KavenegarStandIn kavenegar = null!;
    private string apiKey = null!;

    public override async Task InitializeAsync()
    {
        kavenegar = await KavenegarStandIn.StartAsync("test-api-key");
        Factory.Clock = clock;
        Factory.Settings["Feedback:Kavenegar:ApiKey"] = kavenegar.ApiKey;
        Factory.Settings["Feedback:Kavenegar:BaseAddress"] = kavenegar.BaseAddress.AbsoluteUri;
        Factory.Settings["Feedback:SmsDeliverySecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        await base.InitializeAsync();
        var tables = Service<TableServiceClient>();
        foreach (var table in TableSmsStore.Tables.Append(TableSurveyStore.SurveysTable))
            await tables.CreateTableIfNotExistsAsync(table, CancellationToken.None);
        await Service<TableApiKeyStore>().EnsureTableAsync(CancellationToken.None);
        var (key, hash) = ApiKeys.Create();
        await Service<IApiKeyStore>().SaveAsync(hash, new ApiClient(hash[..12], "دفتر پیشخوان ۱۲۳ زنجان", "zanjan", DateTimeOffset.UtcNow, false), CancellationToken.None);
        apiKey = key;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            kavenegar.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_completed_service_sends_one_survey_and_the_reply_is_attached_to_its_service_and_agency()
    {
        using var completed = await ReportAsync(new { phone = "09124440001", serviceCode = "id-card-renewal", serviceName = "تعویض کارت ملی", agency = "zanjan-civil-registry" });
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var survey = await WaitForSmsAsync("09124440001");
        Assert.Contains("ثبت احوال", survey.Text, StringComparison.Ordinal);

        var code = await ReplyAsync("09124440001", "۲ خیلی معطل شدم");

        var item = await WaitForRoutedAsync(code);
        Assert.Equal(2, item.Rating);
        Assert.Equal("id-card-renewal", item.ServiceCode);
        Assert.Equal("تعویض کارت ملی", item.ServiceName);
        Assert.Equal("zanjan-civil-registry", item.Assessment!.AgencyKey);
        Assert.NotNull(item.SurveyId);
        Assert.Equal("negative", item.Assessment.Sentiment);
        var acknowledgement = await WaitForSmsAsync("09124440001", containing: TehranTime.PersianDigits(code));
        Assert.Contains("ثبت احوال", acknowledgement.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_that_is_only_a_rating_takes_its_sentiment_from_the_rating_and_is_recorded_not_referred()
    {
        using var completed = await ReportAsync(new { phone = "09124440002", serviceCode = "passport", agency = "zanjan-police" });
        await WaitForSmsAsync("09124440002");

        var code = await ReplyAsync("09124440002", "۵");
        var item = await WaitForRoutedAsync(code);

        Assert.Equal(5, item.Rating);
        Assert.Equal("positive", item.Assessment!.Sentiment);
        Assert.Equal("zanjan-police", item.Assessment.AgencyKey);
        Assert.Equal(FeedbackStatus.Recorded, item.Status);
        Assert.Equal(ItemKind.Feedback, item.Assessment.Kind);
        Assert.NotNull(item.ClosedAt);
        var thanks = await WaitForSmsAsync("09124440002", containing: TehranTime.PersianDigits(code));
        Assert.Contains("سپاس", thanks.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ارجاع", thanks.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phone_is_surveyed_at_most_once_in_seven_days()
    {
        using var first = await ReportAsync(new { phone = "09124440003", serviceCode = "passport", agency = "zanjan-police" });
        clock.Now += TimeSpan.FromDays(3);
        using var second = await ReportAsync(new { phone = "09124440003", serviceCode = "tax-return", agency = "zanjan-tax" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("surveyed-recently", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_phone_that_opted_out_is_never_surveyed()
    {
        await ReplyCommandAsync("09124440004", "لغو ۱۱");

        using var completed = await ReportAsync(new { phone = "09124440004", serviceCode = "passport", agency = "zanjan-police" });

        Assert.Equal("opted-out", (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_service_completed_at_night_is_surveyed_at_eight_in_the_morning()
    {
        clock.Now = new DateTimeOffset(2026, 11, 21, 19, 30, 0, TimeSpan.Zero); // 23:00 Tehran

        using var completed = await ReportAsync(new { phone = "09124440005", serviceCode = "passport", agency = "zanjan-police" });

        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var body = await completed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 4, 30, 0, TimeSpan.Zero), body.GetProperty("scheduledFor").GetDateTimeOffset());
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(kavenegar.Messages, message => message.Receptor == "09124440005");
    }

    [Theory]
    [InlineData("phone", "12345")]
    [InlineData("agency", "tehran-water")]
    [InlineData("agency", "zanjan-nowhere")]
    [InlineData("serviceCode", "a code with spaces")]
    [InlineData("completedAt", "2026-10-01T08:00:00Z")]
    [InlineData("completedAt", "2026-11-22T08:00:00Z")]
    public async Task A_bad_report_is_refused_naming_the_field(string field, string value)
    {
        var body = new Dictionary<string, string> { ["phone"] = "09124440006", ["serviceCode"] = "passport", ["agency"] = "zanjan-police", [field] = value };

        using var response = await ReportAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_report_without_a_valid_key_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/services/completed") { Content = JsonContent.Create(new { phone = "09124440007", serviceCode = "passport", agency = "zanjan-police" }) };
        request.Headers.Add("X-Api-Key", "fbk_not-a-key");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> ReportAsync(object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/services/completed") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", apiKey);
        return await Client.SendAsync(request);
    }

    private async Task<string> ReplyAsync(string from, string message)
    {
        var reply = await ReplyCommandAsync(from, message);
        return reply.GetProperty("trackingCode").GetString()!;
    }

    private async Task<JsonElement> ReplyCommandAsync(string from, string message)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["messageid"] = Guid.NewGuid().ToString("N"), ["from"] = from, ["to"] = "10004346", ["message"] = message });
        using var response = await Client.PostAsync($"/api/sms/inbound/{Factory.Settings["Feedback:SmsInboundSecret"]}", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<StandInMessage> WaitForSmsAsync(string receptor, string containing = "")
    {
        for (var tries = 0; tries < 150; tries++)
        {
            if (kavenegar.Messages.FirstOrDefault(message => message.Receptor == receptor && message.Text.Contains(containing, StringComparison.Ordinal)) is { } sent)
                return sent;
            await Task.Delay(200);
        }
        throw new TimeoutException($"no SMS reached {receptor} within 30 seconds");
    }

    private async Task<FeedbackItem> WaitForRoutedAsync(string code)
    {
        for (var tries = 0; tries < 150; tries++)
        {
            if (await Service<IFeedbackStore>().GetAsync(TrackingCode.FromCanonical(code)!, CancellationToken.None) is { Status: FeedbackStatus.Routed or FeedbackStatus.Recorded } item)
                return item;
            await Task.Delay(200);
        }
        throw new TimeoutException($"{code} was neither routed nor recorded within 30 seconds");
    }
}
