using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Feedback.Core.Notifications;
using Feedback.Core.Time;
using Feedback.Storage.Notifications;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Dev;

/// <summary>The developer phone of a local run without Kavenegar: the outbox per number, and replying as that number.</summary>
public sealed class DevPhonePageTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    public override async Task InitializeAsync()
    {
        Factory.Clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero));
        await base.InitializeAsync();
        var tables = Service<TableServiceClient>();
        foreach (var table in TableSmsStore.Tables.Append(TableOutboxGateway.OutboxTable))
            await tables.CreateTableIfNotExistsAsync(table, CancellationToken.None);
    }

    [Fact]
    public async Task The_acknowledgement_shows_in_the_outbox_and_a_reply_as_the_number_is_handled_like_an_sms()
    {
        using var submitted = await Client.PostAsJsonAsync("/api/feedback", new { text = "چراغ‌های خیابان اصلی محله ما یک هفته است خاموش است", phone = "09127770001", province = "zanjan" });
        var code = (await submitted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("trackingCode").GetString()!;

        var page = await WaitForPageAsync("09127770001", TehranTime.PersianDigits(code));
        Assert.Contains("text/html", page.ContentType, StringComparison.Ordinal);

        using var reply = await Client.PostAsync("/dev/phone", new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = "09127770001", ["message"] = "لغو ۱۱" }));
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Contains("از نظرسنجی‌ها خارج شد", await reply.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await WaitForPageAsync("09127770001", System.Net.WebUtility.HtmlEncode(SmsTemplates.OptOutConfirmed()));
    }

    [Fact]
    public async Task A_number_that_is_not_a_mobile_is_told_so()
    {
        var html = await Client.GetStringAsync("/dev/phone?number=12345");

        Assert.Contains("این شماره همراه ایرانی نیست", html, StringComparison.Ordinal);
    }

    private async Task<(string Html, string ContentType)> WaitForPageAsync(string number, string expected)
    {
        for (var tries = 0; tries < 150; tries++)
        {
            using var response = await Client.GetAsync($"/dev/phone?number={number}");
            var html = await response.Content.ReadAsStringAsync();
            if (html.Contains(expected, StringComparison.Ordinal))
                return (html, response.Content.Headers.ContentType?.ToString() ?? "");
            await Task.Delay(200);
        }
        throw new TimeoutException($"the developer phone of {number} never showed the expected SMS");
    }
}
