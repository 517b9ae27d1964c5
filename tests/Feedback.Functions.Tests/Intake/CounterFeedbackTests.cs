using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Feedback.Core.Clients;
using Feedback.Core.Items;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests.Intake;

/// <summary>A counter office's batch against a real Azurite: its key, and an answer for every item by index.</summary>
public sealed class CounterFeedbackTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Service<Feedback.Storage.Clients.TableApiKeyStore>().EnsureTableAsync(CancellationToken.None);
    }

    private async Task<string> IssueKeyAsync(bool revoked = false)
    {
        var (key, hash) = ApiKeys.Create();
        var client = new ApiClient(hash[..12], "دفتر پیشخوان ۱۲۳ زنجان", "zanjan", DateTimeOffset.UtcNow, revoked);
        await Service<IApiKeyStore>().SaveAsync(hash, client, CancellationToken.None);
        return key;
    }

    private async Task<HttpResponseMessage> PostAsync(string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/counter/feedback") { Content = JsonContent.Create(body) };
        if (key is not null)
            request.Headers.Add("X-Api-Key", key);
        return await Client.SendAsync(request);
    }

    [Fact]
    public async Task Each_item_is_accepted_or_rejected_by_its_index()
    {
        var key = await IssueKeyAsync();

        using var response = await PostAsync(key, new
        {
            items = new object?[]
            {
                new { text = "ارباب رجوع از تاخیر صدور کارت ملی گلایه دارد", county = "abhar" },
                new { text = "شهروند از قطعی مکرر برق روستا شکایت دارد", phone = "12345" },
                null,
                new { text = "متقاضی از برخورد خوب کارمند ثبت احوال تشکر کرد", rating = 5 },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2, 3], results.Select(result => result.GetProperty("index").GetInt32()));
        Assert.Equal([true, false, false, true], results.Select(result => result.GetProperty("accepted").GetBoolean()));
        Assert.True(results[1].GetProperty("errors").TryGetProperty("phone", out _));
        var stored = await Service<IFeedbackStore>().GetAsync(TrackingCode.FromCanonical(results[0].GetProperty("trackingCode").GetString()!)!, CancellationToken.None);
        Assert.Equal(FeedbackChannel.CounterOffice, stored!.Channel);
        Assert.Equal("zanjan", stored.Province);
        Assert.Equal("abhar", stored.County);
    }

    [Fact]
    public async Task A_missing_unknown_or_revoked_key_is_refused()
    {
        var revoked = await IssueKeyAsync(revoked: true);
        var body = new { items = new[] { new { text = "آب روستا قطعه" } } };

        using var missing = await PostAsync(null, body);
        using var unknown = await PostAsync(ApiKeys.Create().Key, body);
        using var refused = await PostAsync(revoked, body);

        Assert.All([missing, unknown, refused], response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task A_batch_of_no_or_too_many_items_is_refused(int count)
    {
        var key = await IssueKeyAsync();

        using var response = await PostAsync(key, new { items = Enumerable.Repeat(new { text = "آب قطعه" }, count) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("items", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
