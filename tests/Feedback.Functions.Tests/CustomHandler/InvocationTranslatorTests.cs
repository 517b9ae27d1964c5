using System.Text;
using System.Text.Json;
using Feedback.Functions.CustomHandler;

namespace Feedback.Functions.Tests.CustomHandler;

public class InvocationTranslatorTests
{
    private const string FeedbackJson = """{"trackingCode":"1234567890","text":"آب محله از دیروز قطع است"}""";

    // As the host builds it: every trigger value and metadata value is serialized on its own first, so strings
    // arrive as JSON text inside a JSON string and numbers as strings; dictionaries arrive as objects.
    private const string ServiceBusInvocationAsTheHostSerializesIt = """
        {
          "Data": {
            "message": "\"{\\\"trackingCode\\\":\\\"1234567890\\\",\\\"text\\\":\\\"آب محله از دیروز قطع است\\\"}\""
          },
          "Metadata": {
            "MessageReceiver": {},
            "MessageSession": {},
            "MessageActions": {},
            "SessionActions": {},
            "Client": { "FullyQualifiedNamespace": "contoso.servicebus.windows.net", "IsClosed": false },
            "DeliveryCount": "2",
            "LockToken": "\"8b2c5e4e-5f0e-4a55-9e0a-3a1f2a6d9c11\"",
            "ExpiresAtUtc": "2026-01-15T09:30:00Z",
            "ExpiresAt": "2026-01-15T09:30:00+00:00",
            "EnqueuedTimeUtc": "2026-01-01T09:30:00Z",
            "EnqueuedTime": "2026-01-01T09:30:00+00:00",
            "MessageId": "\"intake-1234567890\"",
            "ContentType": "\"application/json; charset=utf-8\"",
            "SequenceNumber": "42",
            "Subject": null,
            "Label": null,
            "CorrelationId": null,
            "ApplicationProperties": { "kind": "feedback", "province": "zanjan" },
            "UserProperties": { "kind": "feedback", "province": "zanjan" },
            "sys": { "MethodName": "ProcessFeedback", "UtcNow": "2026-01-01T09:30:01.1234567Z", "RandGuid": "1b4e28ba-2fa1-11d2-883f-0016d3cca427" }
          }
        }
        """;

    // As the custom handler documentation shows a queue invocation: plain strings and numbers.
    private const string ServiceBusInvocationAsTheDocsShowIt = """
        {
          "Data": {
            "message": "{\"trackingCode\":\"1234567890\",\"text\":\"آب محله از دیروز قطع است\"}"
          },
          "Metadata": {
            "DeliveryCount": 1,
            "MessageId": "intake-1234567890",
            "LockToken": "8b2c5e4e-5f0e-4a55-9e0a-3a1f2a6d9c11",
            "SequenceNumber": 42,
            "EnqueuedTimeUtc": "2026-01-01T09:30:00+00:00",
            "UserProperties": { "kind": "feedback" },
            "sys": { "MethodName": "ProcessFeedback", "UtcNow": "2026-01-01T09:30:01.1234567Z", "RandGuid": "1b4e28ba-2fa1-11d2-883f-0016d3cca427" }
          }
        }
        """;

    private const string TimerInvocation = """
        {
          "Data": {
            "timer": {
              "Schedule": { "AdjustForDST": true },
              "ScheduleStatus": {
                "Last": "2026-01-01T09:25:00+00:00",
                "Next": "2026-01-01T09:30:00+00:00",
                "LastUpdated": "2026-01-01T09:25:00.1234567+00:00"
              },
              "IsPastDue": true
            }
          },
          "Metadata": {
            "sys": { "MethodName": "SweepUnqueued", "UtcNow": "2026-01-01T09:30:00.0012345Z", "RandGuid": "6f9619ff-8b86-d011-b42d-00cf4fc964ff" }
          }
        }
        """;

    [Fact]
    public void A_service_bus_invocation_as_the_host_serializes_it_becomes_the_received_message()
    {
        var message = InvocationTranslator.ToReceivedMessage(Parse(ServiceBusInvocationAsTheHostSerializesIt), "message");

        Assert.Equal("intake-1234567890", message.MessageId);
        Assert.Equal(FeedbackJson, Encoding.UTF8.GetString(message.Body.Span));
        Assert.Equal(2, message.DeliveryCount);
        Assert.Equal(new Dictionary<string, string> { ["kind"] = "feedback", ["province"] = "zanjan" }, message.Properties);
        Assert.Equal("8b2c5e4e-5f0e-4a55-9e0a-3a1f2a6d9c11", message.Receipt);
        Assert.Equal("42", message.TransportId);
    }

    [Fact]
    public void A_service_bus_invocation_as_the_docs_show_it_becomes_the_same_received_message()
    {
        var message = InvocationTranslator.ToReceivedMessage(Parse(ServiceBusInvocationAsTheDocsShowIt), "message");

        Assert.Equal("intake-1234567890", message.MessageId);
        Assert.Equal(FeedbackJson, Encoding.UTF8.GetString(message.Body.Span));
        Assert.Equal(1, message.DeliveryCount);
        Assert.Equal("feedback", message.Properties["kind"]);
        Assert.Equal("8b2c5e4e-5f0e-4a55-9e0a-3a1f2a6d9c11", message.Receipt);
        Assert.Equal("42", message.TransportId);
    }

    [Fact]
    public void A_body_the_host_hands_over_as_an_object_keeps_its_json()
    {
        var invocation = Parse("""
            {
              "Data": { "message": { "trackingCode": "1234567890", "rating": 4 } },
              "Metadata": { "MessageId": "m-1", "DeliveryCount": 1 }
            }
            """);

        var message = InvocationTranslator.ToReceivedMessage(invocation, "message");

        using var body = JsonDocument.Parse(message.Body);
        Assert.Equal("1234567890", body.RootElement.GetProperty("trackingCode").GetString());
        Assert.Equal(4, body.RootElement.GetProperty("rating").GetInt32());
    }

    [Fact]
    public void Application_properties_stand_in_for_user_properties_and_every_value_becomes_text()
    {
        var invocation = Parse("""
            {
              "Data": { "message": "{}" },
              "Metadata": {
                "MessageId": "m-1",
                "DeliveryCount": 3,
                "ApplicationProperties": { "attempt": 2, "urgent": true, "ratio": 0.5, "note": null, "text": "سلام" }
              }
            }
            """);

        var message = InvocationTranslator.ToReceivedMessage(invocation, "message");

        Assert.Equal(
            new Dictionary<string, string> { ["attempt"] = "2", ["urgent"] = "true", ["ratio"] = "0.5", ["text"] = "سلام" },
            message.Properties);
        Assert.Equal("m-1", message.TransportId);
        Assert.Equal(string.Empty, message.Receipt);
    }

    [Fact]
    public void Metadata_names_match_whatever_their_case()
    {
        var invocation = Parse("""
            { "data": { "Message": "{}" }, "Metadata": { "messageId": "m-1", "deliveryCount": 1, "userProperties": {} } }
            """);

        var message = InvocationTranslator.ToReceivedMessage(invocation, "message");

        Assert.Equal("m-1", message.MessageId);
        Assert.Empty(message.Properties);
    }

    [Fact]
    public void A_message_id_made_of_digits_stays_text()
    {
        var invocation = Parse("""{ "Data": { "message": "{}" }, "Metadata": { "MessageId": "\"0012\"", "DeliveryCount": "1" } }""");

        Assert.Equal("0012", InvocationTranslator.ToReceivedMessage(invocation, "message").MessageId);
    }

    [Fact]
    public void Missing_trigger_data_names_the_binding()
    {
        var invocation = Parse("""{ "Data": { "msg": "{}" }, "Metadata": { "MessageId": "m-1", "DeliveryCount": 1 } }""");

        var error = Assert.Throws<HostInvocationFormatException>(() => InvocationTranslator.ToReceivedMessage(invocation, "message"));

        Assert.Contains("Data.message", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "DeliveryCount": 1 }""", "MessageId")]
    [InlineData("""{ "MessageId": "", "DeliveryCount": 1 }""", "MessageId")]
    [InlineData("""{ "MessageId": "m-1" }""", "DeliveryCount")]
    [InlineData("""{ "MessageId": "m-1", "DeliveryCount": 0 }""", "DeliveryCount")]
    [InlineData("""{ "MessageId": "m-1", "DeliveryCount": "many" }""", "DeliveryCount")]
    public void Missing_or_unreadable_metadata_is_named(string metadata, string named)
    {
        var invocation = Parse($$"""{ "Data": { "message": "{}" }, "Metadata": {{metadata}} }""");

        var error = Assert.Throws<HostInvocationFormatException>(() => InvocationTranslator.ToReceivedMessage(invocation, "message"));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timer_invocation_gives_its_schedule_status()
    {
        var status = InvocationTranslator.ToTimerScheduleStatus(Parse(TimerInvocation), "timer");

        Assert.True(status.IsPastDue);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 9, 25, 0, TimeSpan.Zero), status.Last);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 9, 30, 0, TimeSpan.Zero), status.Next);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 9, 25, 0, TimeSpan.Zero).AddTicks(1_234_567), status.LastUpdated);
    }

    [Fact]
    public void A_timer_without_the_schedule_monitor_has_no_occurrences()
    {
        var invocation = Parse("""
            { "Data": { "timer": "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null,\"IsPastDue\":false}" }, "Metadata": {} }
            """);

        var status = InvocationTranslator.ToTimerScheduleStatus(invocation, "timer");

        Assert.Equal(new TimerScheduleStatus(IsPastDue: false, Last: null, Next: null, LastUpdated: null), status);
    }

    [Fact]
    public void A_timer_invocation_without_the_timer_names_the_binding()
    {
        var error = Assert.Throws<HostInvocationFormatException>(() =>
            InvocationTranslator.ToTimerScheduleStatus(Parse("""{ "Data": {}, "Metadata": {} }"""), "timer"));

        Assert.Contains("Data.timer", error.Message, StringComparison.Ordinal);
    }

    private static HostInvocationRequest Parse(string json) =>
        JsonSerializer.Deserialize<HostInvocationRequest>(json, JsonSerializerOptions.Web)!;
}
