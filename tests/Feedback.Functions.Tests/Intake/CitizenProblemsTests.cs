using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Feedback.Core.Clients;
using Feedback.Core.Items;
using Feedback.Functions.Tests.Operations;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Intake;

/// <summary>
/// The citizen-facing endpoints (the web form's intake and the status look-up) word their problems in Persian at the
/// source, the English kept beside them; machine clients' endpoints stay English.
/// </summary>
public sealed class CitizenProblemsTests(Azurite azurite) : AppOnPreparedStorage(azurite)
{
    [Fact]
    public async Task A_refused_web_form_field_is_explained_in_Persian_with_the_English_beside_it()
    {
        using var response = await Client.PostAsJsonAsync("/api/feedback", new { text = "قبض برق \u0007 دو برابر شده", province = "zanjan", phone = "12345" });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("بازخورد فرستاده نشد", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("سامانه این متن را نپذیرفت", problem.GetProperty("errors").GetProperty("text")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("شماره تلفن همراه درست نیست", problem.GetProperty("errors").GetProperty("phone")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("control character", problem.GetProperty("englishErrors").GetProperty("text")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rating_of_the_wrong_type_on_the_web_form_is_explained_in_Persian()
    {
        using var response = await Client.PostAsync(new Uri("/api/feedback", UriKind.Relative), new StringContent("""{"text":"سلام","province":"zanjan","rating":"خوب"}""", Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("امتیاز باید", problem.GetProperty("errors").GetProperty("rating")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("whole number", problem.GetProperty("englishErrors").GetProperty("rating")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("123", HttpStatusCode.BadRequest, "کد پیگیری ۱۰ رقم دارد")]
    [InlineData("mistyped", HttpStatusCode.UnprocessableEntity, "این کد درست نوشته نشده است")]
    [InlineData("unknown", HttpStatusCode.NotFound, "بازخوردی با این کد پیدا نشد")]
    public async Task The_status_look_up_explains_a_code_it_cannot_answer_in_Persian(string code, HttpStatusCode expected, string persian)
    {
        var valid = TrackingCode.NewCode().Value;
        var asked = code switch
        {
            "mistyped" => valid[..^1] + (char)('0' + ((valid[^1] - '0' + 1) % 10)),
            "unknown" => valid,
            _ => code,
        };

        using var response = await Client.GetAsync(new Uri($"/api/feedback/{asked}", UriKind.Relative));

        var problem = await ProblemAsync(response, expected);
        Assert.StartsWith(persian, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The English is kept beside (a validation problem's is in its englishErrors).
        Assert.True(problem.TryGetProperty("englishDetail", out _));
    }

    [Fact]
    public async Task Too_many_requests_from_the_form_are_answered_in_Persian_with_the_wait_in_Persian_digits()
    {
        using var app = new FeedbackAppFactory();
        app.Settings["Feedback:StorageConnectionString"] = ConnectionString;
        app.Settings["Feedback:WebRequestsPerMinute"] = "1";
        using var client = app.CreateClient();
        using var first = await client.PostAsJsonAsync("/api/feedback", new { text = "سلام", province = "zanjan", phone = "12345" });
        using var second = await client.PostAsJsonAsync("/api/feedback", new { text = "سلام", province = "zanjan", phone = "12345" });

        var problem = await ProblemAsync(second, HttpStatusCode.TooManyRequests);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith("بازخورد ثبت نشد. درخواست‌های شما در این چند لحظه زیاد بوده است", detail, StringComparison.Ordinal);
        Assert.Matches("[۰-۹]+ ثانیه دیگر", detail);
    }

    [Fact]
    public async Task A_counter_office_a_machine_client_keeps_its_English_errors()
    {
        await Service<Feedback.Storage.Clients.TableApiKeyStore>().EnsureTableAsync(CancellationToken.None);
        var (key, hash) = ApiKeys.Create();
        await Service<IApiKeyStore>().SaveAsync(hash, new ApiClient(hash[..12], "دفتر پیشخوان", "zanjan", DateTimeOffset.UtcNow, false), CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/counter/feedback") { Content = new StringContent("""{"items":"none"}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", key);

        using var response = await Client.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("must be a JSON array", problem.GetProperty("errors").GetProperty("items")[0].GetString());
        Assert.False(problem.TryGetProperty("englishErrors", out _));
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} instead of {(int)expected}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
