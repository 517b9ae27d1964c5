using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Functions.Access;
using Feedback.Functions.Tests.Access;
using Feedback.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests.Hostile;

/// <summary>
/// What the outside probe (issue 19) found, each as the probe sent it, against the app on a real Kestrel on
/// loopback: the address a client connects from, chunked bodies and Kestrel's minimum data rate are real here.
/// </summary>
[Collection(Azurite.Collection)]
public sealed class ProbeFindingsTests(Azurite azurite) : IDisposable
{
    private readonly List<IDisposable> apps = [];

    public void Dispose()
    {
        foreach (var app in apps)
            app.Dispose();
    }

    private HttpClient Start(Action<Dictionary<string, string?>>? settings = null, Action<KestrelServerOptions>? kestrel = null)
    {
        var factory = new FeedbackAppFactory();
        apps.Add(factory);
        factory.Settings["Feedback:StorageConnectionString"] = azurite.ConnectionString;
        settings?.Invoke(factory.Settings);
        factory.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            kestrel?.Invoke(options);
        });
        factory.StartServer();
        // A plain client: the factory's redirect handler buffers every request body, giving a chunked one a Content-Length.
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        apps.Add(client);
        return client;
    }

    private static void Azure(Dictionary<string, string?> settings)
    {
        settings["Feedback:Mode"] = "Azure";
        settings["Feedback:StorageAccountName"] = "stfeedbacktest";
        settings["Feedback:ServiceBusNamespace"] = "sb-feedback-test.servicebus.windows.net";
        settings["Feedback:Kavenegar:ApiKey"] = "not-a-real-key";
        settings["Feedback:SmsDeliverySecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
    }

    [Fact]
    public async Task A_client_that_changes_x_forwarded_for_keeps_its_one_budget()
    {
        var client = Start(settings => settings["Feedback:WebRequestsPerMinute"] = "5");

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 8; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feedback/not-a-code");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{attempt + 1}");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(5, statuses.Count(status => status == HttpStatusCode.BadRequest));
        Assert.Equal(3, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Looking_up_statuses_does_not_spend_the_forms_budget()
    {
        var client = Start(settings => settings["Feedback:WebRequestsPerMinute"] = "3");
        for (var attempt = 0; attempt < 4; attempt++)
            (await client.GetAsync(new Uri("/api/feedback/not-a-code", UriKind.Relative))).Dispose();

        using var form = await client.PostAsJsonAsync("/api/feedback", new { text = "x" });

        Assert.NotEqual(HttpStatusCode.TooManyRequests, form.StatusCode);
    }

    [Fact]
    public async Task Unknown_codes_are_limited_on_their_own_so_that_codes_cannot_be_enumerated()
    {
        var client = Start(settings => settings["Feedback:UnknownCodeLookupsPerHour"] = "3");

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var response = await client.GetAsync(new Uri($"/api/feedback/{TrackingCode.NewCode().Value}", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Unknown_codes_from_every_client_together_are_limited_too()
    {
        var client = Start(settings =>
        {
            settings["Feedback:UnknownCodeLookupsPerMinute"] = "2";
            settings["Feedback:ForwardedHops"] = "1";
        });

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/feedback/{TrackingCode.NewCode().Value}");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{attempt + 1}");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_forged_client_principal_is_not_believed_while_app_service_authentication_is_off()
    {
        var client = Start(Azure);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/staff/me");
        forged.Headers.Add(ClientPrincipal.Header, ClientPrincipalTests.Principal("aad", Guid.NewGuid().ToString()));
        using var page = new HttpRequestMessage(HttpMethod.Get, "/staff");
        page.Headers.Add(ClientPrincipal.Header, ClientPrincipalTests.Principal("aad", Guid.NewGuid().ToString()));

        using var response = await client.SendAsync(forged);
        using var pageResponse = await client.SendAsync(page);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(AppServiceAuthentication.EnabledVariable, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, pageResponse.StatusCode);
    }

    [Theory]
    [InlineData("rebinding.example")]
    [InlineData("192.168.1.20")]
    public async Task A_local_run_answers_only_requests_addressed_to_a_loopback_name(string host)
    {
        var client = Start();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/staff/demo-users");
        request.Headers.Host = host;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("Origin", "http://attacker.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task Another_sites_page_cannot_reply_on_the_developer_phone(string header, string value)
    {
        var client = Start();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dev/phone")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = "09127770001", ["message"] = "لغو" }),
        };
        request.Headers.Add(header, value);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_browser_page_cannot_call_a_trigger()
    {
        var client = Start();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/IntakeSweeper") { Content = JsonContent.Create(new { Data = new { timer = new { IsPastDue = false } }, Metadata = new { } }) };
        request.Headers.Add("Origin", "http://localhost:7071");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/feedback", "application/json")]
    [InlineData("/api/sms/inbound/{secret}", "application/x-www-form-urlencoded")]
    [InlineData("/dev/phone", "application/x-www-form-urlencoded")]
    [InlineData("/IntakeSweeper", "application/json")]
    public async Task A_body_slower_than_the_minimum_data_rate_is_a_408_problem_not_a_500(string path, string contentType)
    {
        string? secret = null;
        var client = Start(settings => secret = settings["Feedback:SmsInboundSecret"], kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 200, gracePeriod: TimeSpan.FromSeconds(2)));
        using var request = new HttpRequestMessage(HttpMethod.Post, path.Replace("{secret}", secret, StringComparison.Ordinal)) { Content = new TricklingContent(contentType) };
        // The rate is judged only once the app reads the body: a first request, which builds the app's routes, could keep
        // a busy machine from reading until the stalled body had come after all.
        using (var warmUp = await client.GetAsync(new Uri("/api/health/live", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/sms/inbound/{secret}", "application/x-www-form-urlencoded")]
    [InlineData("/dev/phone", "application/x-www-form-urlencoded")]
    [InlineData("/api/feedback", "application/json")]
    public async Task The_body_limit_holds_for_a_chunked_body(string path, string contentType)
    {
        string? secret = null;
        var client = Start(settings => secret = settings["Feedback:SmsInboundSecret"]);
        var fields = string.Join('&', Enumerable.Range(0, 30).Select(index => $"f{index}={new string('a', 14 * 1024)}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, path.Replace("{secret}", secret, StringComparison.Ordinal)) { Content = new ChunkedContent(System.Text.Encoding.UTF8.GetBytes(fields), contentType) };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/sms/inbound/{secret}")]
    [InlineData("/dev/phone")]
    public async Task The_body_limit_holds_for_a_chunked_multipart_form_of_small_parts(string path)
    {
        string? secret = null;
        var client = Start(settings => secret = settings["Feedback:SmsInboundSecret"]);
        var form = new MultipartFormDataContent();
        foreach (var index in Enumerable.Range(0, 7))
            form.Add(new StringContent(new string('a', 15 * 1024)), $"f{index}");
        var boundary = form.Headers.ContentType!.ToString();
        var bytes = await form.ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, path.Replace("{secret}", secret, StringComparison.Ordinal)) { Content = new ChunkedContent(bytes, "multipart/form-data") };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(boundary);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    /// <summary>A body sent without Content-Length (chunked), as the probe sent its 420 KB form.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] body;

        public ChunkedContent(byte[] body, string contentType)
        {
            this.body = body;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>A body that announces 4 KB, sends a few bytes, then stalls: far below any minimum data rate.</summary>
    private sealed class TricklingContent : HttpContent
    {
        public TricklingContent(string contentType)
        {
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            Headers.ContentLength = 4096;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("{\"te"u8.ToArray());
            await stream.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(6));
            await stream.WriteAsync(new byte[4092]);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 4096;
            return true;
        }
    }
}
