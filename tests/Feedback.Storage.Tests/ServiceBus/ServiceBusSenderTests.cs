using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Feedback.Core.Messaging;
using Feedback.Storage.ServiceBus;

namespace Feedback.Storage.Tests.ServiceBus;

public class ServiceBusSenderTests
{
    private const string Key = "c2VjcmV0LWtleS1mb3ItdGVzdHM=";
    private const string FeedbackJson = """{"trackingCode":"1234567890","text":"آب محله از دیروز قطع است"}""";

    [Fact]
    public async Task A_single_send_posts_the_body_to_the_entity_with_its_message_id()
    {
        var transport = new MockTransport(201);

        await CreateSender(transport).SendAsync("feedback-intake", Message("m-1", FeedbackJson), CancellationToken.None);

        var request = transport.Requests.Single();
        Assert.Equal(RequestMethod.Post, request.Method);
        Assert.Equal(new Uri("https://contoso.servicebus.windows.net/feedback-intake/messages"), request.Uri);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal(FeedbackJson, Encoding.UTF8.GetString(request.Body));
        Assert.Equal("""{"MessageId":"m-1"}""", request.Headers["BrokerProperties"]);
        Assert.StartsWith("SharedAccessSignature sr=", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deferred_send_schedules_the_enqueue_time_in_rfc_1123_utc()
    {
        var transport = new MockTransport(201);
        var notBefore = new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.FromHours(3.5));

        await CreateSender(transport).SendAsync("notifications", Message("m-2", "{}") with { NotBefore = notBefore }, CancellationToken.None);

        using var brokerProperties = JsonDocument.Parse(transport.Requests.Single().Headers["BrokerProperties"]);
        Assert.Equal("m-2", brokerProperties.RootElement.GetProperty("MessageId").GetString());
        Assert.Equal("Sun, 01 Mar 2026 05:00:00 GMT", brokerProperties.RootElement.GetProperty("ScheduledEnqueueTimeUtc").GetString());
    }

    [Fact]
    public async Task Application_properties_become_quoted_headers_so_they_stay_strings()
    {
        var transport = new MockTransport(201);
        var properties = new Dictionary<string, string> { ["kind"] = "feedback", ["trackingCode"] = "1234567890", ["isRetry"] = "true" };

        await CreateSender(transport).SendAsync("feedback-intake", Message("m-3", "{}", properties), CancellationToken.None);

        var headers = transport.Requests.Single().Headers;
        Assert.Equal("\"feedback\"", headers["kind"]);
        Assert.Equal("\"1234567890\"", headers["trackingCode"]);
        Assert.Equal("\"true\"", headers["isRetry"]);
    }

    [Theory]
    [InlineData("agency", "آب منطقه‌ای زنجان")]
    [InlineData("quote", "say \"hi\"")]
    [InlineData("padded", " x ")]
    [InlineData("when", "Sun, 01 Mar 2026 05:00:00 GMT")]
    [InlineData("Content-Language", "fa")]
    [InlineData("x-ms-retrypolicy", "NoRetry")]
    [InlineData("has space", "x")]
    public async Task A_property_no_header_can_carry_unaltered_goes_out_as_a_batch_of_one(string name, string value)
    {
        var transport = new MockTransport(201);
        var properties = new Dictionary<string, string> { [name] = value };

        await CreateSender(transport).SendAsync("feedback-intake", Message("m-4", FeedbackJson, properties), CancellationToken.None);

        var request = transport.Requests.Single();
        Assert.Equal("application/vnd.microsoft.servicebus.json", request.Headers["Content-Type"]);
        Assert.False(request.Headers.ContainsKey("BrokerProperties"));
        using var batch = JsonDocument.Parse(request.Body);
        var entry = Assert.Single(batch.RootElement.EnumerateArray());
        Assert.Equal(value, entry.GetProperty("UserProperties").GetProperty(name).GetString());
        Assert.Equal(FeedbackJson, entry.GetProperty("Body").GetString());
    }

    [Fact]
    public async Task Properties_whose_names_differ_only_in_case_both_arrive()
    {
        var transport = new MockTransport(201);
        var properties = new Dictionary<string, string> { ["kind"] = "feedback", ["Kind"] = "survey" };

        await CreateSender(transport).SendAsync("feedback-intake", Message("m-5", "{}", properties), CancellationToken.None);

        using var batch = JsonDocument.Parse(transport.Requests.Single().Body);
        var userProperties = Assert.Single(batch.RootElement.EnumerateArray()).GetProperty("UserProperties");
        Assert.Equal(["kind", "Kind"], userProperties.EnumerateObject().Select(property => property.Name));
    }

    [Fact]
    public async Task A_batch_is_one_json_array_of_body_broker_and_user_properties()
    {
        var transport = new MockTransport(201);
        var notBefore = new DateTimeOffset(2026, 3, 1, 5, 0, 0, TimeSpan.Zero);
        var messages = new[]
        {
            Message("m-1", FeedbackJson, new Dictionary<string, string> { ["kind"] = "feedback" }),
            Message("m-2", """{"n":2}""") with { NotBefore = notBefore },
            Message("m-3", """{"n":3}"""),
        };

        await CreateSender(transport).SendBatchAsync("feedback-intake", messages, CancellationToken.None);

        var request = transport.Requests.Single();
        Assert.Equal(new Uri("https://contoso.servicebus.windows.net/feedback-intake/messages"), request.Uri);
        Assert.Equal("application/vnd.microsoft.servicebus.json", request.Headers["Content-Type"]);
        using var batch = JsonDocument.Parse(request.Body);
        var entries = batch.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, entries.Count);
        Assert.Equal(["m-1", "m-2", "m-3"], entries.Select(entry => entry.GetProperty("BrokerProperties").GetProperty("MessageId").GetString()));
        Assert.Equal([FeedbackJson, """{"n":2}""", """{"n":3}"""], entries.Select(entry => entry.GetProperty("Body").GetString()));
        Assert.Equal("feedback", entries[0].GetProperty("UserProperties").GetProperty("kind").GetString());
        Assert.Equal("Sun, 01 Mar 2026 05:00:00 GMT", entries[1].GetProperty("BrokerProperties").GetProperty("ScheduledEnqueueTimeUtc").GetString());
        Assert.False(entries[0].GetProperty("BrokerProperties").TryGetProperty("ScheduledEnqueueTimeUtc", out _));
        Assert.Equal(JsonValueKind.Object, entries[2].GetProperty("UserProperties").ValueKind);
    }

    [Fact]
    public async Task Persian_text_travels_in_a_batch_as_utf8_not_as_escapes()
    {
        var transport = new MockTransport(201);

        await CreateSender(transport).SendBatchAsync("feedback-intake", [Message("m-1", FeedbackJson)], CancellationToken.None);

        Assert.Contains("آب محله", Encoding.UTF8.GetString(transport.Requests.Single().Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_over_the_request_limit_is_split_in_order_without_losing_a_message()
    {
        var transport = new MockTransport(201);
        var text = new string('ب', 20_000);
        var messages = Enumerable.Range(1, 12).Select(n => Message($"m-{n}", $$"""{"text":"{{text}}"}""")).ToList();

        await CreateSender(transport).SendBatchAsync("feedback-intake", messages, CancellationToken.None);

        Assert.True(transport.Requests.Count > 1);
        Assert.All(transport.Requests, request => Assert.True(request.Body.Length <= ServiceBusSenderOptions.DefaultMaxBatchRequestBytes));
        var sentIds = transport.Requests
            .SelectMany(request => JsonDocument.Parse(request.Body).RootElement.EnumerateArray()
                .Select(entry => entry.GetProperty("BrokerProperties").GetProperty("MessageId").GetString()))
            .ToList();
        Assert.Equal(messages.Select(message => message.MessageId), sentIds);
    }

    [Fact]
    public async Task A_message_larger_than_the_request_limit_gets_a_request_of_its_own()
    {
        var transport = new MockTransport(201);
        var options = FastOptions(transport) with { MaxBatchRequestBytes = 1_000 };
        var messages = new[]
        {
            Message("small-1", "{}"),
            Message("large", $$"""{"text":"{{new string('x', 2_000)}}"}"""),
            Message("small-2", "{}"),
        };

        await CreateSender(options).SendBatchAsync("feedback-intake", messages, CancellationToken.None);

        Assert.Equal(
            [["small-1"], ["large"], ["small-2"]],
            transport.Requests.Select(request => JsonDocument.Parse(request.Body).RootElement.EnumerateArray()
                .Select(entry => entry.GetProperty("BrokerProperties").GetProperty("MessageId").GetString()).ToArray()));
    }

    [Fact]
    public async Task An_empty_batch_sends_nothing()
    {
        var transport = new MockTransport(201);

        await CreateSender(transport).SendBatchAsync("feedback-intake", [], CancellationToken.None);

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task A_batch_refuses_a_body_that_is_not_utf8()
    {
        var transport = new MockTransport(201);
        var binary = new OutgoingMessage("m-1", new byte[] { 0xC3, 0x28 }, new Dictionary<string, string>());

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            CreateSender(transport).SendBatchAsync("feedback-intake", [binary], CancellationToken.None));

        Assert.Contains("m-1", error.Message, StringComparison.Ordinal);
        Assert.Empty(transport.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-intake")]
    [InlineData("feedback intake")]
    [InlineData("feedback?intake")]
    public async Task A_malformed_queue_name_is_refused_before_sending(string queue)
    {
        var transport = new MockTransport(201);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => CreateSender(transport).SendAsync(queue, Message("m-1", "{}"), CancellationToken.None));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task A_message_id_longer_than_service_bus_allows_is_refused()
    {
        var transport = new MockTransport(201);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            CreateSender(transport).SendAsync("feedback-intake", Message(new string('a', 129), "{}"), CancellationToken.None));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task A_refused_credential_is_a_configuration_error_without_the_secret(int status)
    {
        var transport = new MockTransport(status);

        var error = await Assert.ThrowsAsync<ServiceBusConfigurationException>(() =>
            CreateSender(transport).SendAsync("feedback-intake", Message("m-1", "{}"), CancellationToken.None));

        Assert.Single(transport.Requests);
        Assert.Equal(status, error.Status);
        Assert.Contains("feedback-intake", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    public async Task A_missing_entity_is_named(int status)
    {
        var transport = new MockTransport(status);

        var error = await Assert.ThrowsAsync<ServiceBusEntityNotFoundException>(() =>
            CreateSender(transport).SendBatchAsync("notifications", [Message("m-1", "{}")], CancellationToken.None));

        Assert.Single(transport.Requests);
        Assert.Equal("notifications", error.EntityPath);
        Assert.Contains("'notifications' does not exist in namespace 'contoso.servicebus.windows.net'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_too_large_for_the_tier_is_reported_as_such()
    {
        var transport = new MockTransport(413);

        var error = await Assert.ThrowsAsync<ServiceBusMessageTooLargeException>(() =>
            CreateSender(transport).SendAsync("feedback-intake", Message("m-1", "{}"), CancellationToken.None));

        Assert.Single(transport.Requests);
        Assert.Equal(413, error.Status);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_busy_service_is_retried_up_to_the_cap_then_reported_as_transient(int status)
    {
        var transport = new MockTransport(status);

        var error = await Assert.ThrowsAsync<ServiceBusTransientException>(() =>
            CreateSender(FastOptions(transport) with { MaxRetries = 3 }).SendAsync("feedback-intake", Message("m-1", "{}"), CancellationToken.None));

        Assert.Equal(4, transport.Requests.Count);
        Assert.Equal(status, error.Status);
        Assert.All(transport.Requests, request => Assert.Equal("{}", Encoding.UTF8.GetString(request.Body)));
    }

    [Fact]
    public async Task A_batch_answered_busy_twice_is_sent_again_unchanged_and_succeeds()
    {
        var transport = new MockTransport(429, 503, 201);

        await CreateSender(transport).SendBatchAsync("feedback-intake", [Message("m-1", "{}"), Message("m-2", "{}")], CancellationToken.None);

        Assert.Equal(3, transport.Requests.Count);
        Assert.Single(transport.Requests.Select(request => Encoding.UTF8.GetString(request.Body)).Distinct());
    }

    [Theory]
    [InlineData(400)]
    [InlineData(502)]
    public async Task Other_answers_are_not_retried(int status)
    {
        var transport = new MockTransport(status);

        var error = await Assert.ThrowsAsync<ServiceBusException>(() =>
            CreateSender(transport).SendAsync("feedback-intake", Message("m-1", "{}"), CancellationToken.None));

        Assert.Single(transport.Requests);
        Assert.Equal(typeof(ServiceBusException), error.GetType());
        Assert.Equal(status, error.Status);
    }

    [Fact]
    public async Task An_unreachable_namespace_is_retried_then_reported_as_transient()
    {
        var transport = new MockTransport(_ => new MockAnswer(0, new RequestFailedException("Connection refused (contoso.servicebus.windows.net:443)")));

        var error = await Assert.ThrowsAsync<ServiceBusTransientException>(() =>
            CreateSender(FastOptions(transport) with { MaxRetries = 2 }).SendAsync("feedback-intake", Message("m-1", "{}"), CancellationToken.None));

        Assert.Equal(3, transport.Requests.Count);
        Assert.Equal("feedback-intake", error.EntityPath);
    }

    [Fact]
    public async Task A_namespace_without_a_key_sends_an_entra_id_token_for_the_service_bus_scope()
    {
        var transport = new MockTransport(201);
        var credential = new FixedTokenCredential("entra-token");
        var sender = new ServiceBusSender(ServiceBusConnection.Parse("contoso.servicebus.windows.net"), credential, FastOptions(transport));

        await sender.SendAsync("feedback-intake", Message("m-1", "{}"), CancellationToken.None);

        Assert.Equal("Bearer entra-token", transport.Requests.Single().Headers["Authorization"]);
        Assert.Equal(["https://servicebus.azure.net/.default"], credential.RequestedScopes);
    }

    [Fact]
    public void A_namespace_without_a_key_or_a_credential_is_a_configuration_error()
    {
        var error = Assert.Throws<ServiceBusConfigurationException>(() =>
            new ServiceBusSender(ServiceBusConnection.Parse("contoso.servicebus.windows.net")));

        Assert.Contains("contoso.servicebus.windows.net", error.Message, StringComparison.Ordinal);
        Assert.Contains("managed identity", error.Message, StringComparison.Ordinal);
    }

    private static ServiceBusSender CreateSender(MockTransport transport) => CreateSender(FastOptions(transport));

    private static ServiceBusSender CreateSender(ServiceBusSenderOptions options) =>
        new(ServiceBusConnection.Parse($"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send-only;SharedAccessKey={Key}"), options: options);

    private static ServiceBusSenderOptions FastOptions(MockTransport transport) => new()
    {
        Transport = transport,
        InitialRetryDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(2),
    };

    private static OutgoingMessage Message(string id, string json, Dictionary<string, string>? properties = null) =>
        new(id, Encoding.UTF8.GetBytes(json), properties ?? new Dictionary<string, string>());

    private sealed class FixedTokenCredential(string token) : TokenCredential
    {
        public List<string> RequestedScopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            RequestedScopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
