using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Feedback.Core.Clients;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests.Intake;

/// <summary>What intake does when a step after the store fails, when codes collide, and with unreadable or unserved input.</summary>
public sealed class IntakeFailureTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    private IFeedbackStore Store => Service<IFeedbackStore>();

    [Fact]
    public async Task A_stored_item_whose_enqueue_fails_is_still_accepted_and_left_for_the_sweeper()
    {
        using var app = Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IMessageSender, QueueDown>()));
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/feedback", new { text = "چراغای کوچه ما یه هفته‌ست خاموشه", province = "zanjan" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var code = TrackingCode.FromCanonical((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString())!;
        Assert.NotNull(await Store.GetAsync(code, CancellationToken.None));
        Assert.Contains(code, await Store.ListPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1), 10_000, CancellationToken.None));
    }

    [Theory]
    [InlineData("multipart/form-data", "not really multipart", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "{\"from\": \"09121112233\"}", HttpStatusCode.UnsupportedMediaType)]
    public async Task An_unreadable_sms_post_is_a_client_error(string contentType, string body, HttpStatusCode expected)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await Client.PostAsync(new Uri($"/api/sms/inbound/{Factory.Settings["Feedback:SmsInboundSecret"]}", UriKind.Relative), content);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_counter_office_of_a_province_this_deployment_does_not_serve_has_its_items_rejected()
    {
        await Service<Feedback.Storage.Clients.TableApiKeyStore>().EnsureTableAsync(CancellationToken.None);
        var (key, hash) = ApiKeys.Create();
        await Service<IApiKeyStore>().SaveAsync(hash, new ApiClient(hash[..12], "پیشخوان تهران", "tehran", DateTimeOffset.UtcNow, false), CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/counter/feedback") { Content = JsonContent.Create(new { items = new[] { new { text = "آب قطعه" } } }) };
        request.Headers.Add("X-Api-Key", key);

        using var response = await Client.SendAsync(request);

        var result = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.False(result.GetProperty("accepted").GetBoolean());
        Assert.Contains("not served", result.GetProperty("errors").GetRawText(), StringComparison.Ordinal);
    }

    private sealed class QueueDown : IMessageSender
    {
        public Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken) =>
            throw new HttpRequestException("the queue is down");

        public Task SendBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
            throw new HttpRequestException("the queue is down");
    }
}
