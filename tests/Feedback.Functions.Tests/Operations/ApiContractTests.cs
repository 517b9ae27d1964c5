using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Feedback.Core.Clients;
using Feedback.Core.Routing;
using Feedback.Functions.Http;
using Feedback.Functions.OpenApi;
using Feedback.Functions.Tests.Access;
using Feedback.Functions.Tests.Agencies;
using Feedback.Storage.Clients;
using Feedback.Storage.Connection;
using Feedback.Storage.Notifications;
using Feedback.Storage.Routing;
using Feedback.Testing;
using Json.Schema;

namespace Feedback.Functions.Tests.Operations;

/// <summary>
/// The OpenAPI document is the contract: every operation in it is called for real, and each answer's status, media
/// type and body must be ones the document gives for that operation (bodies validated against its JSON Schemas).
/// </summary>
public sealed class ApiContractTests(Azurite azurite) : EveryEndpointApp(azurite)
{
    private static readonly Uri DocumentUri = new("https://contract.test/openapi/v1.json");
    private readonly HashSet<string> called = new(StringComparer.Ordinal);


    [Fact]
    public async Task Every_operation_answers_as_the_document_says()
    {
        using var document = await DocumentAsync();
        var contract = new Contract(document);
        var secret = Factory.Settings["Feedback:SmsInboundSecret"]!;
        var key = await IssueKeyAsync();

        await contract.CheckAsync(Client, "GET", "/api/health/live", Get("/api/health/live"), HttpStatusCode.OK, called);
        await contract.CheckAsync(Client, "GET", "/api/health/ready", Get("/api/health/ready"), HttpStatusCode.OK, called);
        await contract.CheckAsync(Client, "GET", "/api/health", Get("/api/health"), HttpStatusCode.OK, called);

        var accepted = await contract.CheckAsync(Client, "POST", "/api/feedback", Json(HttpMethod.Post, "/api/feedback", new { text = "آب محله ما سه روز است قطع است", province = "zanjan" }), HttpStatusCode.Accepted, called);
        var code = accepted.GetProperty("trackingCode").GetString()!;
        await contract.CheckAsync(Client, "POST", "/api/feedback", Raw(HttpMethod.Post, "/api/feedback", """{"text":"سلام","province":"zanjan","rating":"خوب"}"""), HttpStatusCode.BadRequest, called);
        await contract.CheckAsync(Client, "POST", "/api/feedback", new HttpRequestMessage(HttpMethod.Post, "/api/feedback") { Content = new StringContent("text=1") }, HttpStatusCode.UnsupportedMediaType, called);

        await contract.CheckAsync(Client, "GET", "/api/feedback/{trackingCode}", Get($"/api/feedback/{code}"), HttpStatusCode.OK, called);
        await contract.CheckAsync(Client, "GET", "/api/feedback/{trackingCode}", Get("/api/feedback/123"), HttpStatusCode.BadRequest, called);
        await contract.CheckAsync(Client, "GET", "/api/feedback/{trackingCode}", Get($"/api/feedback/{Mistyped(code)}"), HttpStatusCode.UnprocessableEntity, called);
        await contract.CheckAsync(Client, "GET", "/api/feedback/{trackingCode}", Get($"/api/feedback/{Feedback.Core.Items.TrackingCode.NewCode().Value}"), HttpStatusCode.NotFound, called);

        var sms = $"messageid={Random.Shared.NextInt64(1, long.MaxValue)}&from=09121234567&to=10004346&message={Uri.EscapeDataString("نانوایی محله ما کیفیت نان را پایین آورده")}";
        await contract.CheckAsync(Client, "GET", "/api/sms/inbound/{secret}", Get($"/api/sms/inbound/{secret}?{sms}"), HttpStatusCode.OK, called);
        await contract.CheckAsync(Client, "POST", "/api/sms/inbound/{secret}", Form($"/api/sms/inbound/{secret}", $"messageid={Random.Shared.NextInt64(1, long.MaxValue)}&from=09121234568&to=10004346&message=stop"), HttpStatusCode.OK, called);
        await contract.CheckAsync(Client, "GET", "/api/sms/inbound/{secret}", Get($"/api/sms/inbound/wrong-secret?{sms}"), HttpStatusCode.Unauthorized, called);
        await contract.CheckAsync(Client, "GET", "/api/sms/delivery/{secret}", Get($"/api/sms/delivery/{DeliverySecret}?messageid=123456&status=10"), HttpStatusCode.OK, called);
        await contract.CheckAsync(Client, "POST", "/api/sms/delivery/{secret}", Form($"/api/sms/delivery/{DeliverySecret}", "messageid=x&status=10"), HttpStatusCode.BadRequest, called);

        await contract.CheckAsync(Client, "POST", "/api/counter/feedback", WithKey(key, Json(HttpMethod.Post, "/api/counter/feedback", new { items = new object[] { new { text = "کارمند دفتر پیشخوان خیلی مودب بود" }, new { text = "" } } })), HttpStatusCode.OK, called);
        await contract.CheckAsync(Client, "POST", "/api/counter/feedback", Json(HttpMethod.Post, "/api/counter/feedback", new { items = Array.Empty<object>() }), HttpStatusCode.Unauthorized, called);
        await contract.CheckAsync(Client, "POST", "/api/services/completed", WithKey(key, Json(HttpMethod.Post, "/api/services/completed", new { phone = "09121234569", serviceCode = "water-new-connection", agency = Water })), HttpStatusCode.Accepted, called);
        await contract.CheckAsync(Client, "POST", "/api/services/completed", WithKey(key, Json(HttpMethod.Post, "/api/services/completed", new { phone = "09121234569", serviceCode = "water-new-connection", agency = Water })), HttpStatusCode.OK, called);
        await contract.CheckAsync(Client, "POST", "/api/services/completed", WithKey(key, Raw(HttpMethod.Post, "/api/services/completed", """{"phone":"09121234569","serviceCode":"x","agency":"zanjan-water-wastewater","completedAt":"1405/09/15 10:00"}""")), HttpStatusCode.BadRequest, called);

        await contract.CheckAsync(Client, "GET", "/api/scorecard", Get("/api/scorecard"), HttpStatusCode.OK, called);
        await contract.CheckAsync(Client, "GET", "/api/scorecard", Get("/api/scorecard?period=1399"), HttpStatusCode.BadRequest, called);
        await contract.CheckAsync(Client, "GET", "/api/scorecard/export", Get("/api/scorecard/export"), HttpStatusCode.OK, called);

        using var anonymous = Factory.CreateClient();
        await contract.CheckAsync(anonymous, "GET", "/api/staff/me", Get("/api/staff/me"), HttpStatusCode.Unauthorized, called);
        await contract.CheckAsync(anonymous, "GET", "/api/staff/demo-users", Get("/api/staff/demo-users"), HttpStatusCode.OK, called);
        await contract.CheckAsync(anonymous, "POST", "/api/staff/sign-in", StaffPost("/api/staff/sign-in", new { userId = "nobody" }), HttpStatusCode.BadRequest, called);
        await contract.CheckAsync(anonymous, "POST", "/api/staff/sign-in", Json(HttpMethod.Post, "/api/staff/sign-in", new { userId = WaterStaff }), HttpStatusCode.Forbidden, called);

        using var water = Factory.CreateClient();
        await contract.CheckAsync(water, "POST", "/api/staff/sign-in", StaffPost("/api/staff/sign-in", new { userId = WaterStaff }), HttpStatusCode.OK, called);
        await contract.CheckAsync(water, "GET", "/api/staff/me", Get("/api/staff/me"), HttpStatusCode.OK, called);
        var item = await RoutedItemAsync(Water, Clock.GetUtcNow().AddHours(-1));
        await contract.CheckAsync(water, "GET", "/api/inbox", Get("/api/inbox"), HttpStatusCode.OK, called);
        await contract.CheckAsync(water, "GET", "/api/inbox/items/{trackingCode}", Get($"/api/inbox/items/{item.TrackingCode}"), HttpStatusCode.OK, called);
        await contract.CheckAsync(water, "POST", "/api/inbox/items/{trackingCode}/original", StaffPost($"/api/inbox/items/{item.TrackingCode}/original", new { }), HttpStatusCode.OK, called);
        await contract.CheckAsync(water, "POST", "/api/inbox/items/{trackingCode}/{operation}", StaffPost($"/api/inbox/items/{item.TrackingCode}/acknowledge", new { }), HttpStatusCode.OK, called);
        await contract.CheckAsync(water, "POST", "/api/inbox/items/{trackingCode}/{operation}", StaffPost($"/api/inbox/items/{item.TrackingCode}/resolve", new { reply = "" }), HttpStatusCode.BadRequest, called);
        await contract.CheckAsync(water, "POST", "/api/inbox/items/{trackingCode}/{operation}", StaffPost($"/api/inbox/items/{item.TrackingCode}/ask", new { question = "لطفاً نشانی دقیق را بفرستید." }), HttpStatusCode.OK, called);
        await contract.CheckAsync(water, "POST", "/api/inbox/items/{trackingCode}/{operation}", StaffPost($"/api/inbox/items/{item.TrackingCode}/ask", new { question = "و پلاک؟" }), HttpStatusCode.Conflict, called);
        await contract.CheckAsync(water, "POST", "/api/inbox/sms-preview", StaffPost("/api/inbox/sms-preview", new { trackingCode = item.TrackingCode.Value, operation = "resolve", reply = "لوله تعمیر شد" }), HttpStatusCode.OK, called);
        await contract.CheckAsync(water, "POST", "/api/inbox/sms-preview", StaffPost("/api/inbox/sms-preview", new { trackingCode = item.TrackingCode.Value, operation = "resolve", reply = "" }), HttpStatusCode.BadRequest, called);
        await contract.CheckAsync(water, "GET", "/api/trends", Get("/api/trends"), HttpStatusCode.OK, called);
        await contract.CheckAsync(water, "GET", "/api/trends", Get($"/api/trends?agency={Electricity}"), HttpStatusCode.Forbidden, called);
        await contract.CheckAsync(water, "POST", "/api/staff/sign-out", StaffPost("/api/staff/sign-out", new { }), HttpStatusCode.NoContent, called);

        using var analyst = await SignInAsync(ZanjanAnalyst);
        await contract.CheckAsync(analyst, "GET", "/api/trends", Get("/api/trends"), HttpStatusCode.OK, called);
        await contract.CheckAsync(analyst, "GET", "/api/trends", Get("/api/trends?granularity=month"), HttpStatusCode.BadRequest, called);
        await contract.CheckAsync(analyst, "GET", "/api/trends/items", Get("/api/trends/items"), HttpStatusCode.OK, called);
        await contract.CheckAsync(analyst, "GET", "/api/trends/export", Get("/api/trends/export?view=series"), HttpStatusCode.OK, called);

        var uncalled = contract.Operations.Except(called).Order(StringComparer.Ordinal).ToList();
        Assert.True(uncalled.Count == 0, $"operations of the document no test call reached: {string.Join(", ", uncalled)}");
    }

    [Fact]
    public async Task Optional_fields_are_optional_and_the_edge_checked_ones_required()
    {
        using var document = await DocumentAsync();
        var web = RequestSchema(document, "/api/feedback");
        var completed = RequestSchema(document, "/api/services/completed");
        var counterItem = Resolve(document, RequestSchema(document, "/api/counter/feedback").GetProperty("properties").GetProperty("items").GetProperty("items"));

        Assert.Equal(["province", "text"], Required(web));
        Assert.Equal(["agency", "phone", "serviceCode"], Required(completed));
        Assert.Equal(["text"], Required(counterItem));
        Assert.Equal("^[A-Za-z0-9._-]{1,64}$", completed.GetProperty("properties").GetProperty("counterOffice").GetProperty("pattern").GetString());
        var ratingTypes = web.GetProperty("properties").GetProperty("rating").GetProperty("type").EnumerateArray().Select(type => type.GetString()).ToList();
        Assert.Contains("integer", ratingTypes);
        Assert.DoesNotContain("string", ratingTypes);
    }

    [Fact]
    public async Task The_api_key_and_the_staff_session_are_declared_security_schemes()
    {
        using var document = await DocumentAsync();
        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        var paths = document.RootElement.GetProperty("paths");

        Assert.Equal("X-Api-Key", schemes.GetProperty(ApiDocumentation.ApiKeyScheme).GetProperty("name").GetString());
        Assert.Equal("header", schemes.GetProperty(ApiDocumentation.ApiKeyScheme).GetProperty("in").GetString());
        Assert.Equal("cookie", schemes.GetProperty(ApiDocumentation.LocalSessionScheme).GetProperty("in").GetString());
        Assert.Equal("X-MS-CLIENT-PRINCIPAL", schemes.GetProperty(ApiDocumentation.AppServiceScheme).GetProperty("name").GetString());
        Assert.Equal(ApiDocumentation.ApiKeyScheme, SchemeOf(paths.GetProperty("/api/counter/feedback").GetProperty("post")));
        Assert.Equal(ApiDocumentation.ApiKeyScheme, SchemeOf(paths.GetProperty("/api/services/completed").GetProperty("post")));
        Assert.Equal(ApiDocumentation.AppServiceScheme, SchemeOf(paths.GetProperty("/api/inbox").GetProperty("get")));
        Assert.False(paths.GetProperty("/api/feedback").GetProperty("post").TryGetProperty("security", out _));
        Assert.Contains(paths.GetProperty("/api/inbox/items/{trackingCode}/{operation}").GetProperty("post").GetProperty("parameters").EnumerateArray(),
            parameter => parameter.GetProperty("name").GetString() == "X-Feedback-Staff" && parameter.GetProperty("required").GetBoolean());
    }

    [Theory]
    [InlineData("/api/feedback", """{"text":"سلام","province":"zanjan","rating":"خوب"}""", "rating", "a whole number")]
    [InlineData("/api/feedback", """{"text":5,"province":"zanjan"}""", "text", "a string")]
    [InlineData("/api/services/completed", """{"phone":"09121234567","serviceCode":"a","agency":"zanjan-water-wastewater","completedAt":"1405/09/15 10:00"}""", "completedAt", "ISO 8601")]
    [InlineData("/api/counter/feedback", """{"items":[{"text":"خوب بود","rating":"5"}]}""", "items[0].rating", "a whole number")]
    [InlineData("/api/counter/feedback", """{"items":{"text":"خوب بود"}}""", "items", "a JSON array")]
    public async Task A_value_of_the_wrong_type_names_the_field_and_the_type_it_must_have(string path, string json, string field, string expected)
    {
        using var request = WithKey(await IssueKeyAsync(), Raw(HttpMethod.Post, path, json));
        using var response = await Client.SendAsync(request);

        var problem = await JsonOf(response, HttpStatusCode.BadRequest);
        // The citizens' form gets its errors in Persian, the English ones beside them.
        var errors = problem.TryGetProperty("englishErrors", out var english) ? english : problem.GetProperty("errors");
        var message = errors.GetProperty(field)[0].GetString()!;
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("not valid JSON", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_json_is_still_reported_as_broken_where_it_breaks()
    {
        using var response = await Client.SendAsync(Raw(HttpMethod.Post, "/api/feedback", """{"text":"سلام","province":"""));

        var problem = await JsonOf(response, HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", problem.GetProperty("englishErrors").EnumerateObject().Single().Value[0].GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonDocument> DocumentAsync()
    {
        using var response = await Client.GetAsync(new Uri(ApiDocumentation.DocumentPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task<string> IssueKeyAsync()
    {
        var (key, hash) = ApiKeys.Create();
        await Service<IApiKeyStore>().SaveAsync(hash, new ApiClient(hash[..12], "دفتر پیشخوان ۱۲۳ زنجان", "zanjan", DateTimeOffset.UtcNow, false), CancellationToken.None);
        return key;
    }

    private static JsonElement RequestSchema(JsonDocument document, string path) =>
        Resolve(document, document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));

    /// <summary>A schema, or the component schema it refers to.</summary>
    private static JsonElement Resolve(JsonDocument document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static string[] Required(JsonElement schema) =>
        [.. schema.GetProperty("required").EnumerateArray().Select(field => field.GetString()!).Order(StringComparer.Ordinal)];

    private static string SchemeOf(JsonElement operation) =>
        operation.GetProperty("security")[0].EnumerateObject().Single().Name;

    private static string Mistyped(string code) => code[..^1] + (char)('0' + ((code[^1] - '0' + 1) % 10));

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Json(HttpMethod method, string path, object body) => new(method, path) { Content = JsonContent.Create(body) };

    private static HttpRequestMessage Raw(HttpMethod method, string path, string json) => new(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpRequestMessage Form(string path, string fields) => new(HttpMethod.Post, path) { Content = new StringContent(fields, Encoding.UTF8, "application/x-www-form-urlencoded") };

    private static HttpRequestMessage WithKey(string key, HttpRequestMessage request)
    {
        request.Headers.Add("X-Api-Key", key);
        return request;
    }

    /// <summary>The document's operations and the schemas of their answers, by "METHOD /path/{template}".</summary>
    private sealed class Contract
    {
        private readonly JsonElement paths;
        private readonly BuildOptions schemaOptions;

        public Contract(JsonDocument document)
        {
            paths = document.RootElement.GetProperty("paths");
            schemaOptions = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            schemaOptions.SchemaRegistry.Register(DocumentUri, new JsonElementBaseDocument(document.RootElement.Clone(), DocumentUri));
            Operations = [.. paths.EnumerateObject().SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))];
        }

        public IReadOnlyList<string> Operations { get; }

        /// <summary>Sends the request; the answer must have <paramref name="expected"/> and be what the document says that status carries.</summary>
        public async Task<JsonElement> CheckAsync(HttpClient client, string method, string template, HttpRequestMessage request, HttpStatusCode expected, HashSet<string> called)
        {
            var operation = $"{method} {template}";
            called.Add(operation);
            using (request)
            using (var response = await client.SendAsync(request))
            {
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == expected, $"{operation}: {(int)response.StatusCode} instead of {(int)expected}: {text}");
                var described = paths.TryGetProperty(template, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out var found) ? found : default;
                Assert.True(described.ValueKind == JsonValueKind.Object, $"{operation} is not in the document");
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(described.GetProperty("responses").TryGetProperty(status, out var documented), $"{operation} answered {status}, which the document does not list");
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (!documented.TryGetProperty("content", out var content) || text.Length == 0)
                {
                    Assert.True(text.Length == 0, $"{operation} {status}: the document gives no body, the answer has one: {text}");
                    return default;
                }
                var media = mediaType is not null && content.TryGetProperty(mediaType, out var listed) ? listed : default;
                Assert.True(media.ValueKind == JsonValueKind.Object, $"{operation} {status}: {mediaType} is not among the documented {string.Join(", ", content.EnumerateObject().Select(entry => entry.Name))}");
                if (mediaType is not ("application/json" or "application/problem+json"))
                    return default;
                using var body = JsonDocument.Parse(text);
                var pointer = string.Join('/', ((string[])["", "paths", template, method.ToLowerInvariant(), "responses", status, "content", mediaType, "schema"]).Select(token => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)).Select(Uri.EscapeDataString));
                var schema = JsonSchema.FromText($$"""{"$ref": "{{DocumentUri}}#{{pointer}}"}""", schemaOptions, new Uri($"https://contract.test/answers/{Guid.NewGuid():N}"));
                var result = schema.Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
                Assert.True(result.IsValid, $"{operation} {status} does not match its schema: {Errors(result)}\n{text}");
                return body.RootElement.Clone();
            }
        }

        private static string Errors(EvaluationResults result) =>
            string.Join("; ", (result.Details ?? []).Where(detail => detail.Errors is { Count: > 0 }).SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")));
    }
}
